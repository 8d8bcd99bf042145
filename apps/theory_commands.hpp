#pragma once
// `biasbound theorems`, `biasbound explain ID` and `biasbound check`: the theorem catalog and
// certified step-size checks (the work is in theory/; this file declares options and prints).

#include "apps/command.hpp"

namespace biasbound::apps {

Command add_theorems_command(CLI::App& app);
Command add_explain_command(CLI::App& app);
Command add_check_command(CLI::App& app);

}  // namespace biasbound::apps

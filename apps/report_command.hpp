#pragma once
// `biasbound report DIR`.

#include "apps/command.hpp"

namespace biasbound::apps {

Command add_report_command(CLI::App& app);

}  // namespace biasbound::apps

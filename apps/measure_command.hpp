#pragma once
// `biasbound measure`: options, the call into methods::measure, and the human-readable table.

#include "apps/command.hpp"

namespace biasbound::apps {

Command add_measure_command(CLI::App& app);

}  // namespace biasbound::apps

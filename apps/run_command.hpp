#pragma once
// `biasbound run`: options, and the call into io::run_momentum.

#include "apps/command.hpp"

namespace biasbound::apps {

Command add_run_command(CLI::App& app);

}  // namespace biasbound::apps

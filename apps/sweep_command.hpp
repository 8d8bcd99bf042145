#pragma once
// `biasbound sweep SWEEP.toml`: options, and the calls into io::load_sweep and io::run_sweep.

#include "apps/command.hpp"

namespace biasbound::apps {

Command add_sweep_command(CLI::App& app);

}  // namespace biasbound::apps

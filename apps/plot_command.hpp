#pragma once
// `biasbound plot DIR`.

#include "apps/command.hpp"

namespace biasbound::apps {

Command add_plot_command(CLI::App& app);

}  // namespace biasbound::apps

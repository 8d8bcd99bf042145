#include "apps/plot_command.hpp"

namespace biasbound::apps {

Command add_plot_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("plot", "placeholder");
  return {cmd, [] { return 0; }};
}

}  // namespace biasbound::apps

#include "apps/report_command.hpp"

namespace biasbound::apps {

Command add_report_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("report", "placeholder");
  return {cmd, [] { return 0; }};
}

}  // namespace biasbound::apps

#include "apps/report_command.hpp"

#include <fmt/format.h>

#include <memory>
#include <string>

#include "plots/report.hpp"

namespace biasbound::apps {

Command add_report_command(CLI::App& app) {
  auto dir = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand(
      "report",
      "Write DIR/report.html from a validate output directory: scenario, constants, theorem, "
      "verdict and figures in one self-contained page (no scripts, no network)");
  cmd->add_option("dir", *dir, "Output directory of `biasbound validate`")->required();
  cmd->footer("Prints the path of the report. Exit status: 0 on success, 2 for bad input.");
  return {cmd, [dir] {
            fmt::print("{}\n", plots::write_report(*dir).string());
            return 0;
          }};
}

}  // namespace biasbound::apps

#include "apps/report_command.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <string>

#include "core/error.hpp"
#include "plots/report.hpp"

namespace biasbound::apps {

Command add_report_command(CLI::App& app) {
  auto dir = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand(
      "report",
      "Write DIR/report.html from a validate output directory (scenario, constants, theorem, "
      "verdict and figures) or a sweep's (what was run, the table, the beta-sweep figures): one "
      "self-contained page (no scripts, no network)");
  cmd->add_option("dir", *dir, "Output directory of `biasbound validate` or `biasbound sweep`")
      ->required();
  cmd->footer("Prints the path of the report. Exit status: 0 on success, 2 for bad input.");
  return {cmd, [dir] {
            if (std::filesystem::exists(*dir) && !std::filesystem::is_directory(*dir))
              throw core::input_error(
                  "'{}' is a file: report takes the output directory of biasbound validate or "
                  "sweep, e.g. results/demo",
                  *dir);
            fmt::print("{}\n", plots::write_report(*dir).string());
            return 0;
          }};
}

}  // namespace biasbound::apps

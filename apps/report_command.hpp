#pragma once
// `biasbound report DIR`: DIR/report.html from a validate output directory (plots/report.hpp).

#include "apps/command.hpp"

namespace biasbound::apps {

Command add_report_command(CLI::App& app);

}  // namespace biasbound::apps

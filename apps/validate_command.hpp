#pragma once
// `biasbound validate SCENARIO.toml`: bound against actual runs, end to end.

#include "apps/command.hpp"

namespace biasbound::apps {

Command add_validate_command(CLI::App& app);

}  // namespace biasbound::apps

#pragma once
// `biasbound run`: options, and the call into methods::run_momentum.

#include <CLI/CLI.hpp>
#include <functional>

namespace biasbound::apps {

/// Registers the subcommand; the returned function runs it after parsing and gives the exit code.
std::function<int()> add_run_command(CLI::App& app);

}  // namespace biasbound::apps

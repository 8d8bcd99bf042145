// The `biasbound` command line: parse, call modules, print.

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <new>
#include <vector>

#include "apps/measure_command.hpp"
#include "apps/plot_command.hpp"
#include "apps/report_command.hpp"
#include "apps/run_command.hpp"
#include "apps/sweep_command.hpp"
#include "apps/theory_commands.hpp"
#include "apps/validate_command.hpp"
#include "core/error.hpp"

int main(int argc, char** argv) {
  CLI::App app{
      "biasbound: bias and affine-variance constants, step-size theorems and bound-vs-actual "
      "validation for distributed momentum SGD with biased gradients."};
  app.require_subcommand(1);
  app.footer("Run 'biasbound COMMAND --help' for a command's options. Docs: docs/user-guide.md");
  const std::vector<biasbound::apps::Command> commands = {
      biasbound::apps::add_run_command(app),      biasbound::apps::add_measure_command(app),
      biasbound::apps::add_theorems_command(app), biasbound::apps::add_explain_command(app),
      biasbound::apps::add_check_command(app),    biasbound::apps::add_validate_command(app),
      biasbound::apps::add_plot_command(app),     biasbound::apps::add_report_command(app),
      biasbound::apps::add_sweep_command(app),
  };

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {  // --help
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // Every real parse error is bad input (exit 2), on one line like the others.
    fmt::print(stderr, "biasbound: error: {} (see --help)\n", e.what());
    return 2;
  }
  try {
    for (const auto& command : commands)
      if (command.parser->parsed()) return command.run();
  } catch (const biasbound::core::InputError& e) {
    fmt::print(stderr, "biasbound: error: {}\n", e.what());
    return 2;
  } catch (const biasbound::core::DivergenceError& e) {
    fmt::print(stderr, "biasbound: {}\n", e.what());
    return 3;
  } catch (const std::bad_alloc&) {
    // Sizes are checked against the free memory up front; this is the last resort when an
    // estimate fell short.
    fmt::print(stderr,
               "biasbound: error: out of memory: the inputs ask for more memory than is "
               "available (smaller data, dimension, --points, iterations or seeds)\n");
    return 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "biasbound: internal error: {}\n", e.what());
    return 1;
  }
  return 0;
}

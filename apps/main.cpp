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
#include "methods/mpi_session.hpp"

namespace {

// Under mpirun every rank runs this program. Bad input and divergence are the same on every
// rank (each decides them from the same inputs), so rank 0 reports them and every rank exits
// with the same status; anything else happened on one rank only, and ends the whole job.
int report(const biasbound::methods::MpiSession& session, int status, const std::string& line) {
  if (session.root()) fmt::print(stderr, "{}\n", line);
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  const biasbound::methods::MpiSession session(argc, argv);
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
    const auto distributed = [&] {
      for (const auto* name : {"run", "sweep", "validate"})
        if (app.got_subcommand(name)) return true;
      return false;
    };
    if (session.size() > 1 && !distributed())
      throw biasbound::core::input_error(
          "under mpirun with {} ranks only `run`, `sweep` and `validate` are distributed: run this "
          "command without mpirun",
          session.size());
    for (const auto& command : commands)
      if (command.parser->parsed()) return command.run();
  } catch (const biasbound::core::InputError& e) {
    return report(session, 2, fmt::format("biasbound: error: {}", e.what()));
  } catch (const biasbound::core::DivergenceError& e) {
    return report(session, 3, fmt::format("biasbound: {}", e.what()));
  } catch (const std::bad_alloc&) {
    // Sizes are checked against the free memory up front; this is the last resort when an
    // estimate fell short.
    const std::string message =
        "out of memory: the inputs ask for more memory than is available (smaller data, "
        "dimension, --points, iterations or seeds)";
    if (session.size() > 1) session.abort(message, 2);
    fmt::print(stderr, "biasbound: error: {}\n", message);
    return 2;
  } catch (const std::exception& e) {
    if (session.size() > 1) session.abort(fmt::format("internal error: {}", e.what()), 1);
    fmt::print(stderr, "biasbound: internal error: {}\n", e.what());
    return 1;
  }
  return 0;
}

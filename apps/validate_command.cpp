#include "apps/validate_command.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <iostream>
#include <memory>

#include "apps/number_option.hpp"
#include "core/error.hpp"
#include "io/scenario_file.hpp"
#include "methods/mpi_session.hpp"
#include "plots/report.hpp"
#include "validators/seed_ranks.hpp"
#include "validators/validation.hpp"
#include "validators/validation_summary.hpp"

namespace biasbound::apps {
namespace {

struct ValidateArgs {
  std::string scenario;
  std::optional<int> seeds;
  std::vector<std::string> overrides;
  std::string out;
  bool json = false;
  bool quiet = false;
  bool no_plots = false;
  bool force = false;
};

int validate_and_print(const ValidateArgs& a, const validators::Scenario& scenario) {
  validators::ValidateOptions options;
  options.out = a.out.empty() ? std::filesystem::path("results") / scenario.name
                              : std::filesystem::path(a.out);
  options.progress = !a.quiet;
  options.force = a.force;
  const auto result = validators::validate(scenario, options);
  const auto report = a.no_plots ? std::filesystem::path() : plots::write_report(options.out);
  if (a.json) {
    std::cout << result.record.dump(2) << '\n';
  } else {
    fmt::print("{}", validators::validation_summary(result.record));
    std::vector<std::string> files;
    for (const char* name : {"validate.json", "trace.csv", "bound.csv", "region.csv", "figures"})
      if (std::filesystem::exists(options.out / name)) files.emplace_back(name);
    fmt::print("files       {}/{}\n", options.out.string(), fmt::join(files, ", "));
    if (!report.empty()) fmt::print("report      {}\n", report.string());
  }
  return result.admissible ? 0 : 4;
}

int run_validate(const ValidateArgs& a) {
  if (a.seeds && *a.seeds < 1)
    throw core::input_error("--seeds must be at least 1, got {}", *a.seeds);
  auto overrides = a.overrides;
  if (a.seeds) overrides.push_back(fmt::format("seeds={}", *a.seeds));
  // Every rank reads the scenario, so bad input ends them all the same way before anything runs.
  const auto scenario = io::load_scenario(a.scenario, overrides);
  const auto* session = methods::MpiSession::current();
  if (session == nullptr || session->size() == 1) return validate_and_print(a, scenario);
  // Under mpirun rank 0 validates and the others run the seeds it sends them, until it releases
  // them with its exit status.
  if (!session->root()) return validators::serve_seed_runs(*session);
  try {
    const int status = validate_and_print(a, scenario);
    validators::release_ranks(*session, status);
    return status;
  } catch (const core::InputError&) {
    validators::release_ranks(*session, 2);
    throw;
  } catch (const core::DivergenceError&) {
    validators::release_ranks(*session, 3);
    throw;
  }
}

}  // namespace

Command add_validate_command(CLI::App& app) {
  auto args = std::make_shared<ValidateArgs>();
  auto* cmd = app.add_subcommand(
      "validate",
      "Measure the constants, check the theorem, run the method over seeds and say whether the "
      "bound holds (scenario in TOML, docs/validation.md)");
  cmd->add_option("scenario", args->scenario, "Scenario file (TOML), e.g. scenarios/demo.toml")
      ->required();
  add_number(cmd, "--seeds", args->seeds, "Seeds R >= 1 (overrides the scenario's method.seeds)");
  cmd->add_option("--set", args->overrides,
                  "KEY=VALUE overriding a scenario key (gamma=best, method.beta=0.5) or claiming "
                  "a constant (m=0, sigma2=0, L=2); repeatable")
      ->allow_extra_args(false);
  cmd->add_option("--out", args->out,
                  "Output directory (default results/SCENARIO-NAME); the same scenario there "
                  "resumes (finished seeds are reused), other results are refused");
  cmd->add_flag("--force", args->force,
                "Replace the other results in --out, or start the same scenario afresh: removes "
                "the files biasbound wrote there (never other files: a folder that holds some is "
                "refused)");
  cmd->add_flag("--json", args->json, "Print validate.json on stdout instead of the summary");
  cmd->add_flag("--quiet", args->quiet, "No progress on stderr");
  cmd->add_flag("--no-plots", args->no_plots,
                "Skip the figures (DIR/figures) and the report (DIR/report.html)");
  cmd->footer(
      "Exit status: 0 when the comparison ran (read the verdict), 2 for bad input (an --out "
      "holding other results included), 3 when a run diverged (validate.json says which seed, "
      "its trace is kept), 4 when the theorem's conditions fail at the chosen step (nothing is "
      "run). Under mpirun the seeds are spread over the ranks (docs/distributed.md).");
  return {cmd, [args] { return run_validate(*args); }};
}

}  // namespace biasbound::apps

#pragma once
// `biasbound validate`: the whole chain of DESIGN.md's "data flow of one validation" —
// measure → problem constants → theorem check at the chosen step → R seeds of the method
// (in parallel, each saved as it finishes) → bound-versus-observed statistics and rate fit.
// Every stage's results are kept in the output directory, so re-running the same scenario
// there resumes: nothing finished is recomputed.

#include <filesystem>
#include <optional>
#include <string>

#include "core/json_io.hpp"
#include "problems/problem.hpp"
#include "validators/run_comparison.hpp"
#include "validators/scenario.hpp"

namespace biasbound::validators {

struct ValidateOptions {
  std::filesystem::path out{};  // empty: keep everything in memory, write no file (no resuming)
  bool progress = true;         // stage names and run progress on stderr
  bool force = false;           // replace other results in `out` instead of refusing them
  // The spec the problem was built from, so that the other ranks of an MPI job can rebuild it
  // and run seeds (validators/seed_ranks.hpp); empty: every seed runs in this process. Set by
  // validate(scenario, options).
  std::string problem_spec{};
};

struct ValidationResult {
  core::Json record;        // validate.json: the full account
  bool admissible = false;  // the theorem's conditions hold at the step used
  std::string verdict;      // "holds", "violated" or "inconclusive"
  double gamma = 0;         // the step the runs used
  std::optional<FirstViolation> first_violation;
  std::optional<double> tightness_min;  // min over checkpoints of bound / observed

  /// One line: the theorem, the verdict, the step, the first violation or the tightness.
  std::string brief_report() const;
  /// What `biasbound validate` prints: constants with their sources, conditions, verdict, fit.
  std::string full_report() const;
  const core::Json& to_json() const { return record; }
};

/// Writes DIR/validate.json, DIR/trace.csv, DIR/bound.csv (and the intermediate files). An `out`
/// holding other results (another command's, another scenario's, or files without
/// scenario.json) is refused unless options.force (core::claim_output_folder); the same
/// scenario resumes. A diverging seed is kept in DIR/seeds, recorded in validate.json's
/// "divergence", and then a core::DivergenceError naming the seed and iteration.
ValidationResult validate(const Scenario& scenario, const ValidateOptions& options);

/// The same on a problem given as an object (e.g. one you wrote): it is built once and shared
/// by every stage of the validation. scenario.problem names it in the records (empty: its
/// name()); scenario.workers must equal problem.workers().
ValidationResult validate(const problems::Problem& problem, const Scenario& scenario,
                          const ValidateOptions& options);

}  // namespace biasbound::validators

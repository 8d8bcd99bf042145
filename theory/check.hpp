#pragma once
// `biasbound check` as a function: from the command line's text to everything a theorem says at
// the given inputs — certified conditions, γ_max, rate, residual, bound(T), iterations to ε,
// the best γ for T, and optionally the admissible grid.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "theory/bound_shape.hpp"
#include "theory/certify.hpp"
#include "theory/inputs.hpp"
#include "theory/measured_constants.hpp"
#include "theory/stagewise_bound.hpp"
#include "theory/step_schedule.hpp"
#include "theory/step_size.hpp"
#include "theory/suggested_schedule.hpp"
#include "theory/theorem.hpp"

namespace biasbound::theory {

/// What one iteration of the method sends under the bit-cost model (THEORY.md §2: 32-bit
/// floats, ⌈log₂ d⌉-bit indices), for the bits to reach ε.
struct MessageCost {
  double uplink_bits = 0;    // one worker's message to the server
  double downlink_bits = 0;  // the server's broadcast of x to one worker: 32d
  long long workers = 1;
  std::string encoding{};  // how the uplink message is encoded, for the report
};

/// The request, as text, so that every number is read exactly.
struct CheckArgs {
  std::string theorem{};
  std::optional<std::string> regime{};
  std::map<Symbol, std::string> values{};   // --L, --mu, ..., --gamma, --beta, --beta-tilde, --F0
  std::map<Symbol, std::string> sources{};  // where a value came from, when not from its flag
  std::optional<std::string> eta{};         // alternative to --gamma for heavy-ball theorems
  std::optional<std::string> T{};
  std::optional<std::string> eps{};
  std::optional<std::string> constants_file{};
  std::optional<MeasuredConstants> measured{};  // the same in memory (used instead of the file)
  bool grid = false;
  /// No γ given: use the suggested step whose bound reaches ε in the fewest iterations
  /// (`--gamma best`; needs --eps and --F0).
  bool gamma_for_eps = false;
  std::optional<MessageCost> message{};  // the bits to reach ε next to the iterations
  /// A piecewise-constant step "T1:g1,T2:g2" (--schedule) instead of --gamma: each stage
  /// checked at its own γ and the PL bound composed stage by stage; the horizon is Σ T_s.
  std::optional<std::string> schedule{};
  /// The best halving schedule for --T, against the best constant γ (--suggest-schedule).
  bool suggest_schedule = false;
};

struct IterationsToEps {
  bool never = false;  // the residual is at least ε
  Wide count;          // otherwise the smallest T with bound(T) ≤ ε (decided exactly)
};

/// Iterations to ε × workers × bits per message, up and down separately.
struct BitsToEps {
  bool never = false;
  Wide uplink;
  Wide downlink;
};

/// A bound that promises nothing: it never falls below the quantity's value at x₀.
struct Vacuity {
  bool every_step = false;            // even the best γ (or every γ, by the residual) is vacuous
  Wide start;                         // the quantity's value at x₀, or an upper bound on it
  std::string start_text;             // "F₀" or "2L·F₀ ≥ ‖∇f(x₀)‖²"
  std::string message;                // the plain statement, with the dominating constant
  std::vector<std::string> remedies;  // what would make the theorem useful, e.g. ζ² < 0.02
};

struct CheckResult {
  const Theorem* theorem = nullptr;
  std::string regime_reason;
  Inputs inputs;
  std::optional<FrontierChoice> frontier;
  std::vector<CertifiedCondition> conditions;
  Verdict admissible = Verdict::undecided;
  GammaMax gamma_max;  // the boundary, and its suggested double
  /// At the given γ; its coefficient is 0 without F₀. Empty where the formulas are undefined
  /// (at a pole, e.g. γ = 2/(αL) for unbiased compressed GD: the conditions fail there).
  std::optional<BoundShape<Wide>> shape;
  std::optional<Wide> T;
  std::optional<Wide> eps;
  std::optional<Wide> bound_T;
  std::optional<IterationsToEps> iterations_to_eps;
  std::optional<MessageCost> message;
  std::optional<BitsToEps> bits_to_eps;
  std::optional<double> gamma_best;           // the suggested best γ for T, re-checked admissible
  std::optional<Wide> bound_T_at_gamma_best;  // at exactly that double
  std::optional<double> eta_max;              // heavy-ball theorems: suggested η = γ(1 − β̃)
  std::optional<double> eta_best;
  std::optional<Vacuity> vacuous;
  std::optional<AdmissibleGrid> grid;
  std::optional<StagewiseBound> stagewise;               // --schedule
  std::optional<ScheduleSuggestion> suggested_schedule;  // --suggest-schedule
  std::vector<std::string> notes;
};

/// Runs the check; bad or missing input is an InputError naming it.
CheckResult check(const CheckArgs& args);

}  // namespace biasbound::theory

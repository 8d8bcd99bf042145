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
#include "theory/step_size.hpp"
#include "theory/theorem.hpp"

namespace biasbound::theory {

/// The request, as text, so that every number is read exactly.
struct CheckArgs {
  std::string theorem;
  std::optional<std::string> regime;
  std::map<Symbol, std::string> values;  // --L, --mu, ..., --gamma, --beta, --beta-tilde, --F0
  std::optional<std::string> eta;        // alternative to --gamma for heavy-ball theorems
  std::optional<std::string> T;
  std::optional<std::string> eps;
  std::optional<std::string> constants_file;
  bool grid = false;
};

struct IterationsToEps {
  bool never = false;  // the residual is at least ε
  Wide count;          // otherwise the smallest T with bound(T) ≤ ε
};

struct CheckResult {
  const Theorem* theorem = nullptr;
  std::string regime_reason;
  Inputs inputs;
  std::optional<FrontierChoice> frontier;
  std::vector<CertifiedCondition> conditions;
  Verdict admissible = Verdict::undecided;
  GammaMax gamma_max;
  BoundShape<Wide> shape;  // at the given γ; its coefficient is 0 without F₀
  std::optional<Wide> T;
  std::optional<Wide> eps;
  std::optional<Wide> bound_T;
  std::optional<IterationsToEps> iterations_to_eps;
  std::optional<Wide> gamma_best;
  std::optional<Wide> bound_T_at_gamma_best;
  std::optional<AdmissibleGrid> grid;
  std::vector<std::string> notes;
};

/// Runs the check; bad or missing input is an InputError naming it.
CheckResult check(const CheckArgs& args);

}  // namespace biasbound::theory

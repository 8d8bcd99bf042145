// delayed-compressed-gd-pl: gradient descent on stale gradients (staleness at most τ) through
// an unbiased compressor. The id names its PL statement; it also has a nonconvex statement
// with a weaker step-size condition.

#include <cmath>

#include "theory/catalog_entries.hpp"

namespace biasbound::theory {
namespace {

constexpr const char* kId = "delayed-compressed-gd-pl";
constexpr const char* kTitle = "Delayed gradient descent with an unbiased compressor";
constexpr const char* kMethod = "delayed compressed gradient descent (α = 1: plain delayed GD)";
constexpr const char* kUpdate = "x_{k+1} = x_k − γ C(∇f(x_{k−τ_k})),  τ_k ≤ τ";
constexpr const char* kProofStep =
    "Smoothness at x_k with the stale gradient: E f(x_{k+1}) ≤ f(x_k) − (γ/2)‖∇f(x_k)‖² − "
    "(γ/2)(1 − αLγ)‖∇f(x_{k−τ_k})‖² + (γ/2)‖∇f(x_k) − ∇f(x_{k−τ_k})‖². The last term is at "
    "most (γ/2)L²‖x_k − x_{k−τ_k}‖² ≤ (γ/2)αL²τγ² Σ over the last τ steps of "
    "‖∇f(x_{j−τ_j})‖², since each step moves x by γC(·). The expectations are given the past, "
    "so a random C must be fresh at each step.";
// A random compressor must be redrawn at each step, independently of the stale state.
constexpr const char* kFreshNoise =
    "\nA random C must draw fresh randomness at each step: A-unbiased-compressor holds given the\n"
    "past (x₀..x_k and the delay state).";

// The condition αLγ + w·αL²τ²γ² ≤ 1, with weight w = 2 (PL) or 1 (nonconvex).
template <class S>
std::vector<Condition<S>> step_conditions(const Values<S>& v, int weight) {
  const S lhs =
      v.alpha * v.L * v.gamma + weight * v.alpha * v.L * v.L * v.tau * v.tau * v.gamma * v.gamma;
  return {{"step size", weight == 2 ? "αLγ + 2αL²τ²γ² ≤ 1" : "αLγ + αL²τ²γ² ≤ 1", lhs, S(1)}};
}

// The positive root of w·αL²τ²γ² + αLγ = 1, written 2/(b + √(b² + 4a)) so that nothing
// cancels. Irrational in general, so exact arithmetic leaves it to the Wide closed form.
template <class S>
GammaLimit<S> step_limit(const Values<S>& v, int weight) {
  if constexpr (is_exact_v<S>) {
    return GammaLimit<S>::unknown();
  } else {
    using std::sqrt;
    const S a = weight * v.alpha * v.L * v.L * v.tau * v.tau;
    const S b = v.alpha * v.L;
    return GammaLimit<S>::at_most(2 / (b + sqrt(b * b + 4 * a)));
  }
}

struct Pl {
  static constexpr bool kRational = true;

  static TheoremInfo info() {
    return {
        .id = kId,
        .regime = Regime::pl,
        .title = kTitle,
        .provenance = "[derived]",
        .method = kMethod,
        .family = MethodFamily::kDelayedCompressedGd,
        .update = kUpdate,
        .assumptions = {"A-smooth", "A-lower", "A-PL", "A-unbiased-compressor", "A-delay"},
        .constants = {Symbol::L, Symbol::mu, Symbol::alpha, Symbol::tau},
        .parameters = {Symbol::gamma},
        .quantity = "f_gap_last",
        .statement =
            std::string("If αLγ + 2αL²τ²γ² ≤ 1 (e.g. γ = min{1/(2αL), 1/(2√α Lτ)}), then for "
                        "every T ≥ 0\n"
                        "  E f(x_T) − f* ≤ ρ^T F₀,  ρ = max{1 − γμ, 1 − 1/(2τ)}\n"
                        "(for τ = 0 there is no delay and ρ = 1 − γμ).") +
            kFreshNoise,
        .rate = "max{1 − γμ, 1 − 1/(2τ)}",
        .residual = "0",
        .proof = std::string(kProofStep) +
                 " Put the delayed terms into a Lyapunov function V_k = f(x_k) − f* + Σ over "
                 "the last τ steps of weighted ‖∇f(x_{j−τ_j})‖²; with twice the delay weight "
                 "the condition leaves the window terms decaying by 1 − 1/(2τ) per step while "
                 "A-PL makes f − f* decay by 1 − γμ, so V_k contracts by the larger of the "
                 "two, and V₀ = F₀.",
        .remark =
            "For large τ the delay, not the step, limits the rate: ρ ≥ 1 − 1/(2τ) "
            "whatever γ is.",
    };
  }

  template <class S>
  static std::vector<Condition<S>> conditions(const Values<S>& v) {
    return step_conditions(v, 2);
  }
  template <class S>
  static GammaLimit<S> gamma_limit(const Values<S>& v) {
    return step_limit(v, 2);
  }
  template <class S>
  static BoundShape<S> shape(const Values<S>& v) {
    using std::min;
    const S step_decrement = v.gamma * v.mu;
    const S decrement = v.tau == 0 ? step_decrement : min(step_decrement, S(1 / (2 * v.tau)));
    return BoundShape<S>::linear(decrement, v.F0, S(0));
  }
};

struct Nonconvex {
  static constexpr bool kRational = true;

  static TheoremInfo info() {
    return {
        .id = kId,
        .regime = Regime::nonconvex,
        .title = kTitle,
        .provenance = "[derived]",
        .method = kMethod,
        .family = MethodFamily::kDelayedCompressedGd,
        .update = kUpdate,
        .assumptions = {"A-smooth", "A-lower", "A-unbiased-compressor", "A-delay"},
        .constants = {Symbol::L, Symbol::alpha, Symbol::tau},
        .parameters = {Symbol::gamma},
        .quantity = "avg_grad_norm2",
        .statement = std::string("If αLγ + αL²τ²γ² ≤ 1, then for every T ≥ 1\n"
                                 "  (1/T) Σ_{k<T} E‖∇f(x_k)‖² ≤ 2F₀/(γT).") +
                     kFreshNoise,
        .rate = "O(1/T)",
        .residual = "0",
        .proof = std::string(kProofStep) +
                 " Summed over k < T each ‖∇f(x_{j−τ_j})‖² appears in at most τ windows, so "
                 "the delay terms add at most (γ/2)αL²τ²γ² per step, which the condition "
                 "pays for with (γ/2)(1 − αLγ); what is left is (γ/2)Σ_k E‖∇f(x_k)‖² ≤ F₀.",
    };
  }

  template <class S>
  static std::vector<Condition<S>> conditions(const Values<S>& v) {
    return step_conditions(v, 1);
  }
  template <class S>
  static GammaLimit<S> gamma_limit(const Values<S>& v) {
    return step_limit(v, 1);
  }
  template <class S>
  static BoundShape<S> shape(const Values<S>& v) {
    return BoundShape<S>::sublinear(2 * v.F0 / v.gamma, S(0), S(0));
  }
};

}  // namespace

Statements delayed_compressed_gd_theorems() {
  Statements list;
  list.push_back(std::make_unique<FormulaTheorem<Pl>>());
  list.push_back(std::make_unique<FormulaTheorem<Nonconvex>>());
  return list;
}

}  // namespace biasbound::theory

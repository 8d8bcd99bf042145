// biased-sgd-nonconvex and biased-sgd-pl: plain SGD x_{k+1} = x_k − γ g(x_k) with an estimator
// whose bias and variance are bounded relative to the gradient (A-bias, A-var).

#include "theory/catalog_entries.hpp"

namespace biasbound::theory {
namespace {

constexpr const char* kUpdate = "x_{k+1} = x_k − γ g(x_k)";
// The hypothesis on the noise both statements share: the proof bounds E[g_k | past].
constexpr const char* kFreshNoise =
    "\nThe noise must be fresh at each step: A-bias and A-var hold for E[g_k | past], the past\n"
    "being x₀..x_k and all stage state (for stateful stages: constants measured given the state).";

template <class S>
S step_limit(const Values<S>& v) {
  return S(1) / ((v.M + 1) * v.L);
}

template <class S>
std::vector<Condition<S>> step_conditions(const Values<S>& v) {
  return {{"step size", "γ ≤ 1/((M + 1)L)", v.gamma, step_limit(v)}};
}

// The noise floor both statements share, before the PL statement divides it by 2μ.
template <class S>
S noise_floor(const Values<S>& v) {
  return (v.zeta2 + v.L * v.gamma * v.sigma2) / (1 - v.m);
}

struct Nonconvex {
  static constexpr bool kRational = true;

  static TheoremInfo info() {
    return {
        .id = "biased-sgd-nonconvex",
        .regime = Regime::nonconvex,
        .title = "Biased SGD on a smooth nonconvex function",
        .provenance = "[derived; form of Ajalloeian & Stich 2020]",
        .method = "biased SGD",
        .family = MethodFamily::kBiasedSgd,
        .update = kUpdate,
        .assumptions = {"A-smooth", "A-lower", "A-bias", "A-var"},
        .constants = {Symbol::L, Symbol::m, Symbol::zeta2, Symbol::M, Symbol::sigma2},
        .parameters = {Symbol::gamma},
        .quantity = "avg_grad_norm2",
        .statement =
            std::string("If 0 < γ ≤ 1/((M + 1)L), then for every T ≥ 1\n"
                        "  (1/T) Σ_{k<T} E‖∇f(x_k)‖² ≤ 2F₀/(γ(1 − m)T) + (ζ² + Lγσ²)/(1 − m).") +
            kFreshNoise,
        .rate = "O(1/T)",
        .residual = "(ζ² + Lγσ²)/(1 − m)",
        .proof =
            "Write E[g_k | past] = ∇f + b (fresh noise makes this conditional mean the one "
            "A-bias and A-var bound). Smoothness gives E f(x⁺) ≤ f − γ⟨∇f, ∇f + b⟩ + "
            "(Lγ²/2)((M + 1)‖∇f + b‖² + σ²). The identity −⟨∇f, ∇f + b⟩ = −½(‖∇f‖² + "
            "‖∇f + b‖² − ‖b‖²) and the condition γ ≤ 1/((M + 1)L) cancel the ‖∇f + b‖² "
            "terms; A-bias bounds ‖b‖² by m‖∇f‖² + ζ², leaving E f(x⁺) ≤ f − (γ/2)(1 − m)‖∇f‖² "
            "+ γζ²/2 + Lγ²σ²/2. Sum over k < T and divide by γ(1 − m)T/2.",
        .remark =
            "Bias is not averaged away: the part ζ²/(1 − m) of the residual remains for "
            "every γ; only the variance part Lγσ²/(1 − m) shrinks with the step. Noise drawn "
            "once and reused is not fresh: on f = x²/2 with ±1 noise fixed for the run "
            "(marginally unbiased, σ² = 1), γ = 0.1, x₀ = 1 and T = 1000, the average ‖∇f‖² is "
            "0.99 against a bound of 0.11. Given the past that estimator has bias ζ² = 1 (and "
            "σ² = 0), and the bound, then 1.01, holds.",
    };
  }

  template <class S>
  static std::vector<Condition<S>> conditions(const Values<S>& v) {
    return step_conditions(v);
  }
  template <class S>
  static GammaLimit<S> gamma_limit(const Values<S>& v) {
    return GammaLimit<S>::at_most(step_limit(v));
  }
  template <class S>
  static BoundShape<S> shape(const Values<S>& v) {
    return BoundShape<S>::sublinear(2 * v.F0 / (v.gamma * (1 - v.m)), S(0), noise_floor(v));
  }
};

struct Pl {
  static constexpr bool kRational = true;

  static TheoremInfo info() {
    return {
        .id = "biased-sgd-pl",
        .regime = Regime::pl,
        .title = "Biased SGD on a smooth PL function",
        .provenance = "[derived; form of Ajalloeian & Stich 2020]",
        .method = "biased SGD",
        .family = MethodFamily::kBiasedSgd,
        .update = kUpdate,
        .assumptions = {"A-smooth", "A-lower", "A-PL", "A-bias", "A-var"},
        .constants = {Symbol::L, Symbol::mu, Symbol::m, Symbol::zeta2, Symbol::M, Symbol::sigma2},
        .parameters = {Symbol::gamma},
        .quantity = "f_gap_last",
        .statement =
            std::string("If 0 < γ ≤ 1/((M + 1)L), then for every T ≥ 0\n"
                        "  E f(x_T) − f* ≤ (1 − γμ(1 − m))^T F₀ + (ζ² + Lγσ²)/(2μ(1 − m)).") +
            kFreshNoise,
        .rate = "1 − γμ(1 − m)",
        .residual = "(ζ² + Lγσ²)/(2μ(1 − m))",
        .proof =
            "The one-step inequality of biased-sgd-nonconvex, E f(x⁺) ≤ f − (γ/2)(1 − m)"
            "‖∇f‖² + γ(ζ² + Lγσ²)/2, combined with A-PL ‖∇f‖² ≥ 2μ(f − f*) gives "
            "E f(x⁺) − f* ≤ (1 − γμ(1 − m))(f − f*) + γ(ζ² + Lγσ²)/2; unroll the "
            "recursion and sum the geometric series.",
        .remark =
            "Exact gradients with top-k (m = 1 − k/d, ζ² = σ² = M = 0) give γ ≤ 1/L and "
            "rate 1 − γμk/d. Fresh noise is needed here too: with the reused noise of "
            "biased-sgd-nonconvex's counterexample (μ = 1), f(x_T) − f* ≈ 0.5 against a bound "
            "of 0.05.",
    };
  }

  template <class S>
  static std::vector<Condition<S>> conditions(const Values<S>& v) {
    return step_conditions(v);
  }
  template <class S>
  static GammaLimit<S> gamma_limit(const Values<S>& v) {
    return GammaLimit<S>::at_most(step_limit(v));
  }
  template <class S>
  static BoundShape<S> shape(const Values<S>& v) {
    return BoundShape<S>::linear(v.gamma * v.mu * (1 - v.m), v.F0, noise_floor(v) / (2 * v.mu));
  }
};

}  // namespace

Statements biased_sgd_theorems() {
  Statements list;
  list.push_back(std::make_unique<FormulaTheorem<Nonconvex>>());
  list.push_back(std::make_unique<FormulaTheorem<Pl>>());
  return list;
}

}  // namespace biasbound::theory

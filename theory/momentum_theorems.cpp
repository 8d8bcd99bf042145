// momentum-nonconvex and momentum-pl: server-side EMA momentum over an aggregated biased
// estimator, started from v_{−1} = 0.

#include "theory/catalog_entries.hpp"

namespace biasbound::theory {
namespace {

constexpr const char* kMethod = "server EMA momentum (the seed paper's algorithm)";
constexpr const char* kUpdate =
    "g_k = (1/n) Σ_i C_i(g_i(x_k)),  v_k = (1 − β)v_{k−1} + βg_k,  x_{k+1} = x_k − γv_k";
constexpr const char* kInit = "v₋₁ = 0, so x₁ = x₀ − γβg₀ (PyTorch's start v₀ = g₀ is NOT covered)";
// The hypothesis on the noise both statements share: the proofs bound E[g_k | past].
constexpr const char* kFreshNoise =
    "\nThe noise must be fresh at each step: A-bias and A-var hold for E[g_k | past], the past\n"
    "being x₀..x_k, v_{k−1} and all stage state (for stateful stages: constants measured given\n"
    "the state). biased-sgd-nonconvex gives a counterexample with reused noise.";

// The momentum penalty L²γ²(1 − β)²σ²/β² that both residuals add, with its own factor.
template <class S>
S momentum_penalty(const Values<S>& v) {
  const S lag = v.L * v.gamma * (1 - v.beta) / v.beta;
  return lag * lag * v.sigma2;
}

template <class S>
S step_limit(const Values<S>& v, int denominator) {
  return v.beta / (denominator * v.L * (1 + v.M));
}

struct Nonconvex {
  static constexpr bool kRational = true;

  static TheoremInfo info() {
    return {
        .id = "momentum-nonconvex",
        .regime = Regime::nonconvex,
        .title = "Server momentum with biased gradients on a smooth nonconvex function",
        .provenance = "[derived]",
        .method = kMethod,
        .family = MethodFamily::kServerMomentum,
        .update = kUpdate,
        .momentum_init = kInit,
        .assumptions = {"A-smooth", "A-lower", "A-bias", "A-var"},
        .constants = {Symbol::L, Symbol::m, Symbol::zeta2, Symbol::M, Symbol::sigma2},
        .parameters = {Symbol::gamma, Symbol::beta},
        .quantity = "avg_grad_norm2",
        .statement =
            std::string(
                "If 0 < γ ≤ β/(4L(1 + M)), then for every T ≥ 1\n"
                "  (1/T) Σ_{k<T} E‖∇f(x_k)‖² ≤ 2F₀/(γ(1 − m)T)\n"
                "                              + (ζ² + Lγσ² + 2L²γ²(1 − β)²σ²/β²)/(1 − m).") +
            kFreshNoise,
        .rate = "O(1/T)",
        .residual = "(ζ² + Lγσ² + 2L²γ²(1 − β)²σ²/β²)/(1 − m)",
        .proof =
            "The virtual sequence z_k = x_k − γ((1 − β)/β)v_{k−1} moves like plain SGD, "
            "z_{k+1} = z_k − γg_k, and stays close to x_k: ‖z_k − x_k‖² = κ‖v_{k−1}‖² with "
            "κ = γ²(1 − β)²/β². Apply smoothness at z_k, the bias identity of biased SGD for "
            "E[g_k | past] = ∇f(x_k) + b_k, and "
            "|⟨∇f(z_k) − ∇f(x_k), ∇f(x_k) + b_k⟩| ≤ L²‖z_k − x_k‖² + ¼‖∇f(x_k) + b_k‖². Jensen "
            "gives Σ_k ‖v_{k−1}‖² ≤ Σ_j ‖g_j‖², and E‖g_j‖² ≤ (1 + M)‖∇f + b‖² + σ². The "
            "condition makes Lγ(1 + M)/2 + L²γ²(1 − β)²(1 + M)/β² ≤ ¼, so the ‖∇f + b‖² terms "
            "cancel; telescope.",
        .remark =
            "Momentum does not lower the bias floor ζ²/(1 − m); it shrinks the admissible "
            "step by the factor β. At β = 1 the bound is exactly biased-sgd-nonconvex's, "
            "but with a 4× smaller admissible γ.",
    };
  }

  template <class S>
  static std::vector<Condition<S>> conditions(const Values<S>& v) {
    return {{"step size", "γ ≤ β/(4L(1 + M))", v.gamma, step_limit(v, 4)}};
  }
  template <class S>
  static GammaLimit<S> gamma_limit(const Values<S>& v) {
    return GammaLimit<S>::at_most(step_limit(v, 4));
  }
  template <class S>
  static BoundShape<S> shape(const Values<S>& v) {
    const S floor = v.zeta2 + v.L * v.gamma * v.sigma2 + 2 * momentum_penalty(v);
    return BoundShape<S>::sublinear(2 * v.F0 / (v.gamma * (1 - v.m)), S(0), floor / (1 - v.m));
  }
};

struct Pl {
  static constexpr bool kRational = true;

  static TheoremInfo info() {
    return {
        .id = "momentum-pl",
        .regime = Regime::pl,
        .title = "Server momentum with biased gradients on a smooth PL function",
        .provenance = "[derived]",
        .method = kMethod,
        .family = MethodFamily::kServerMomentum,
        .update = kUpdate,
        .momentum_init = kInit,
        .assumptions = {"A-smooth", "A-lower", "A-PL", "A-bias", "A-var"},
        .constants = {Symbol::L, Symbol::mu, Symbol::m, Symbol::zeta2, Symbol::M, Symbol::sigma2},
        .parameters = {Symbol::gamma, Symbol::beta},
        .quantity = "momentum_lyapunov",
        .statement =
            std::string(
                "If 0 < γ ≤ β/(6L(1 + M)), then for every T ≥ 0\n"
                "  Φ_T ≤ (1 − γμ(1 − m)/2)^T F₀ + (ζ² + Lγσ² + 6L²γ²(1 − β)²σ²/β²)/(μ(1 − m)),\n"
                "where Φ_T = E[f(z_T) − f* + a‖v_{T−1}‖²], z_T = x_T − γ((1 − β)/β)v_{T−1},\n"
                "a = 3γ³L²(1 − β)²/β³. Also f(x_T) − f* ≤ (β/(3γL))·Φ_T.") +
            kFreshNoise,
        .rate = "1 − γμ(1 − m)/2",
        .residual = "(ζ² + Lγσ² + 6L²γ²(1 − β)²σ²/β²)/(μ(1 − m))",
        .proof =
            "Same virtual sequence z_k as momentum-nonconvex. Instead of summing, keep the "
            "momentum error inside a Lyapunov function Φ_k = f(z_k) − f* + a‖v_{k−1}‖², with "
            "the EMA bound ‖v_k‖² ≤ (1 − β)‖v_{k−1}‖² + β‖g_k‖². The condition γ ≤ β/(6L(1 + M)) "
            "cancels the ‖∇f + b‖² terms (those of aβ‖g_k‖² included), leaving the descent "
            "−(γ/2)(1 − m)‖∇f(x_k)‖² and the mismatch γL²κ‖v_{k−1}‖² = (aβ/3)‖v_{k−1}‖². "
            "A-PL holds at x_k but Φ holds f(z_k); the step that joins them is f(z) − f* ≤ "
            "(1/μ)‖∇f(x)‖² + ((μ + L)/2)‖z − x‖²: smoothness gives f(z) ≤ f(x) + ⟨∇f(x), "
            "z − x⟩ + (L/2)‖z − x‖², Young gives ⟨∇f(x), z − x⟩ ≤ (1/(2μ))‖∇f(x)‖² + "
            "(μ/2)‖z − x‖², and A-PL gives f(x) − f* ≤ (1/(2μ))‖∇f(x)‖². So the descent is at "
            "most −(γμ(1 − m)/2)(f(z_k) − f*) + (γμ(1 − m)(μ + L)/4)κ‖v_{k−1}‖²: ‖∇f(x)‖² buys "
            "μ(f(z) − f*), half of what A-PL gives at x itself, and that is the ½ in the rate "
            "1 − γμ(1 − m)/2. With μ ≤ L the new term is at most (aβ/6)‖v_{k−1}‖², so the "
            "‖v‖² weight becomes a(1 − β) + aβ/3 + aβ/6 = a(1 − β/2): it contracts by 1 − β/2 ≤ "
            "1 − γμ(1 − m)/2, since γμ ≤ β/6. Hence Φ contracts by 1 − γμ(1 − m)/2 up to the "
            "noise, which sums to the residual; because v₋₁ = 0, Φ₀ = F₀. The second "
            "inequality follows from f(x) − f* ≤ 2(f(z) − f*) + L‖x − z‖² and β/(3γL) ≥ 2.",
        .remark =
            "At β = 1 this is biased SGD, yet the statement is weaker than "
            "biased-sgd-pl: rate 1 − γμ(1 − m)/2 instead of 1 − γμ(1 − m), twice the "
            "residual, and a 6× smaller admissible γ.",
    };
  }

  template <class S>
  static std::vector<Condition<S>> conditions(const Values<S>& v) {
    return {{"step size", "γ ≤ β/(6L(1 + M))", v.gamma, step_limit(v, 6)}};
  }
  template <class S>
  static GammaLimit<S> gamma_limit(const Values<S>& v) {
    return GammaLimit<S>::at_most(step_limit(v, 6));
  }
  template <class S>
  static BoundShape<S> shape(const Values<S>& v) {
    const S floor = v.zeta2 + v.L * v.gamma * v.sigma2 + 6 * momentum_penalty(v);
    return BoundShape<S>::linear(v.gamma * v.mu * (1 - v.m) / 2, v.F0, floor / (v.mu * (1 - v.m)));
  }
};

}  // namespace

Statements momentum_theorems() {
  Statements list;
  list.push_back(std::make_unique<FormulaTheorem<Nonconvex>>());
  list.push_back(std::make_unique<FormulaTheorem<Pl>>());
  return list;
}

}  // namespace biasbound::theory

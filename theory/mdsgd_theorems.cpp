// mdsgd-nonconvex: memory-based distributed SGD with local heavy-ball momentum β̃ and
// compressed messages with error memory, n workers.

#include "theory/catalog_entries.hpp"

namespace biasbound::theory {
namespace {

struct Nonconvex {
  static constexpr bool kRational = true;

  static TheoremInfo info() {
    return {
        .id = "mdsgd-nonconvex",
        .regime = Regime::nonconvex,
        .title = "Memory-based distributed SGD with local momentum and compression",
        .provenance = "[derived; the memory-based distributed SGD family]",
        .method = "memory-based distributed SGD (local heavy-ball momentum, error memory)",
        .family = MethodFamily::kMdsgd,
        .update =
            "z_{k,i} = β̃z_{k−1,i} + g_{k,i},  w_{k,i} = u_{k,i} + z_{k,i},  "
            "u_{k+1,i} = w_{k,i} − C(w_{k,i}),\n"
            "  x_{k+1} = x_k − (η/n) Σ_i C(w_{k,i});  the theorem's step is "
            "γ = η/(1 − β̃)",
        .momentum_init = "z₋₁ = 0 and u₀ = 0 on every worker",
        .assumptions = {"A-smooth", "A-lower", "A-contract", "A-second-moment", "A-worker-unbiased",
                        "A-worker-noise"},
        .constants = {Symbol::L, Symbol::G2, Symbol::sigma2, Symbol::n, Symbol::delta},
        .parameters = {Symbol::gamma, Symbol::beta_tilde},
        .quantity = "avg_grad_norm2",
        .statement =
            "If γ = η/(1 − β̃) ≤ 1/(2L), then for every T ≥ 1\n"
            "  (1/T) Σ_{k<T} E‖∇f(x_k)‖² ≤ 4F₀/(γT) + 2Lγσ²/n + 4L²γ²G²𝒦,\n"
            "  𝒦 = 4(1 − δ)/δ² + β̃²/(1 − β̃)².\n"
            "G² is the worker average sup_x (1/n) Σ_i E‖g_i(x)‖², and every worker is unbiased,\n"
            "E g_i = ∇f_i. Noise and C's randomness must be fresh at each step: all of these hold\n"
            "given the past (x₀..x_k and every worker's z_{k−1,i}, u_{k,i}).",
        .rate = "O(1/T)",
        .residual = "2Lγσ²/n + 4L²γ²G²𝒦",
        .proof =
            "Transformation equation: the virtual iterate x̃_k = x_k − (η/n) Σ_i (u_{k,i} + "
            "(β̃/(1 − β̃))z_{k−1,i}) follows plain distributed SGD with step γ on gradients "
            "taken at x_k. Smoothness at x̃_k, with ‖x̃_k − x_k‖² bounded through the memory "
            "lemma (the 4(1 − δ)/δ² part of 𝒦) and the momentum buffer (the β̃²/(1 − β̃)² "
            "part), both by γ²G²; γ ≤ 1/(2L) absorbs the second-order term; the averaged "
            "noise contributes σ²/n. Given the past, E g_{k,i} = ∇f_i(x_k) makes the averaged "
            "gradient unbiased for ∇f(x_k), and the memory and momentum bounds run per worker "
            "and average, which is why G² is the worker average. Sum over k < T.",
        .remark =
            "Give --eta (the method's step) or --gamma (= η/(1 − β̃)); the check reports "
            "both. More workers shrink only the noise term 2Lγσ²/n. The aggregated second "
            "moment is not enough for G² (see ef-sgd-nonconvex for a counterexample).",
    };
  }

  template <class S>
  static std::vector<Condition<S>> conditions(const Values<S>& v) {
    return {{"effective step", "γ = η/(1 − β̃) ≤ 1/(2L)", v.gamma, S(1) / (2 * v.L)}};
  }
  template <class S>
  static GammaLimit<S> gamma_limit(const Values<S>& v) {
    return GammaLimit<S>::at_most(S(1) / (2 * v.L));
  }
  template <class S>
  static BoundShape<S> shape(const Values<S>& v) {
    const S momentum = v.beta_tilde / (1 - v.beta_tilde);
    const S kappa = 4 * (1 - v.delta) / (v.delta * v.delta) + momentum * momentum;
    const S residual =
        2 * v.L * v.gamma * v.sigma2 / v.n + 4 * v.L * v.L * v.gamma * v.gamma * v.G2 * kappa;
    return BoundShape<S>::sublinear(4 * v.F0 / v.gamma, S(0), residual);
  }
};

}  // namespace

Statements mdsgd_theorems() {
  Statements list;
  list.push_back(std::make_unique<FormulaTheorem<Nonconvex>>());
  return list;
}

}  // namespace biasbound::theory

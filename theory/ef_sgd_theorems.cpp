// ef-sgd-nonconvex: SGD with error feedback (memory) through a δ-contraction compressor.

#include "theory/catalog_entries.hpp"

namespace biasbound::theory {
namespace {

struct Nonconvex {
  static constexpr bool kRational = true;

  static TheoremInfo info() {
    return {
        .id = "ef-sgd-nonconvex",
        .regime = Regime::nonconvex,
        .title = "SGD with error feedback and a δ-contraction compressor",
        .provenance = "[form of Karimireddy et al. 2019, Thm II]",
        .method = "error-feedback SGD (memory)",
        .update =
            "p_k = γg_k + e_k,  Δ_k = C(p_k),  x_{k+1} = x_k − Δ_k,  e_{k+1} = p_k − Δ_k,"
            "  e₀ = 0",
        .assumptions = {"A-smooth", "A-lower", "A-contract", "A-second-moment",
                        "g unbiased (E g(x) = ∇f(x))"},
        .constants = {Symbol::L, Symbol::G2, Symbol::delta},
        .parameters = {Symbol::gamma},
        .quantity = "min_grad_norm2_incl_T",
        .statement =
            "For every γ > 0 (no step-size condition) and every T ≥ 0\n"
            "  min_{k≤T} E‖∇f(x_k)‖² ≤ 2F₀/(γ(T + 1)) + γLG² + 4γ²L²G²(1 − δ)/δ²;\n"
            "the same bound holds for the average over k = 0..T.",
        .rate = "O(1/T)",
        .residual = "γLG² + 4γ²L²G²(1 − δ)/δ²",
        .proof =
            "The virtual iterate x̃_k = x_k − e_k follows plain SGD, x̃_{k+1} = x̃_k − γg_k, "
            "and x̃₀ = x₀. Smoothness at x̃_k: E f(x̃_{k+1}) ≤ f(x̃_k) − γ⟨∇f(x̃_k), ∇f(x_k)⟩ "
            "+ Lγ²G²/2, and ⟨∇f(x̃_k), ∇f(x_k)⟩ ≥ ½‖∇f(x_k)‖² − ½L²‖e_k‖². The memory lemma "
            "E‖e_k‖² ≤ 4(1 − δ)γ²G²/δ² (a contraction applied to a sum of γ-sized steps) bounds "
            "the error; sum over k = 0..T and divide by γ(T + 1)/2.",
        .remark =
            "Error feedback makes the compressor's bias vanish as γ → 0: the residual "
            "is O(γ), unlike biased SGD's floor ζ²/(1 − m). With γ = 1/√(T + 1) the "
            "bound decays like 1/√T.",
    };
  }

  template <class S>
  static std::vector<Condition<S>> conditions(const Values<S>&) {
    return {};
  }
  template <class S>
  static GammaLimit<S> gamma_limit(const Values<S>&) {
    return GammaLimit<S>::unbounded();
  }
  template <class S>
  static BoundShape<S> shape(const Values<S>& v) {
    const S memory = 4 * v.gamma * v.gamma * v.L * v.L * v.G2 * (1 - v.delta) / (v.delta * v.delta);
    return BoundShape<S>::sublinear(2 * v.F0 / v.gamma, S(1), v.gamma * v.L * v.G2 + memory);
  }
};

}  // namespace

Statements ef_sgd_theorems() {
  Statements list;
  list.push_back(std::make_unique<FormulaTheorem<Nonconvex>>());
  return list;
}

}  // namespace biasbound::theory

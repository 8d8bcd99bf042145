// compressed-gd-contraction: gradient descent through a δ-contraction compressor (top-k, scaled
// sign), PL and nonconvex statements.

#include "theory/catalog_entries.hpp"

namespace biasbound::theory {
namespace {

constexpr const char* kId = "compressed-gd-contraction";
constexpr const char* kTitle = "Gradient descent with a δ-contraction compressor";
constexpr const char* kMethod = "compressed gradient descent";
constexpr const char* kUpdate = "x_{k+1} = x_k − γ C(∇f(x_k)),  C a δ-contraction";
constexpr const char* kProofStep =
    "A-contract expands to E⟨v, C(v)⟩ ≥ ½(E‖C(v)‖² + δ‖v‖²). With smoothness, E f(x⁺) ≤ f − "
    "(γδ/2)‖∇f‖² − (γ/2)(1 − Lγ)E‖C(∇f)‖², and γ ≤ 1/L drops the last term: every step "
    "gains at least (γδ/2)‖∇f(x_k)‖².";
constexpr const char* kRemark =
    "Do not extend the statement to 1/L < γ < 2/L, not even when ⟨v, C(v)⟩ = ‖C(v)‖²: with "
    "C = identity (δ = 1), f = ½(x² + 0.5y²) (L = 1, μ = 0.5) and γ = 1.9/L from (1, 0), "
    "f(x₁) = 0.405 while (1 − γδμ)F₀ = 0.025.";
// A random compressor (rand-k unscaled) must be redrawn at each step.
constexpr const char* kFreshNoise =
    "\nA random C must draw fresh randomness at each step: A-contract holds given the past.";

template <class S>
std::vector<Condition<S>> step_conditions(const Values<S>& v) {
  return {{"step size", "γ ≤ 1/L", v.gamma, S(1) / v.L}};
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
        .family = MethodFamily::kCompressedGd,
        .update = kUpdate,
        .assumptions = {"A-smooth", "A-lower", "A-PL", "A-contract"},
        .constants = {Symbol::L, Symbol::mu, Symbol::delta},
        .parameters = {Symbol::gamma},
        .quantity = "f_gap_last",
        .statement = std::string("If 0 < γ ≤ 1/L, then for every T ≥ 0\n"
                                 "  E f(x_T) − f* ≤ (1 − γδμ)^T F₀.") +
                     kFreshNoise,
        .rate = "1 − γδμ",
        .residual = "0",
        .proof = std::string(kProofStep) +
                 " A-PL turns the gain into the factor 1 − γδμ on f − f*; unroll.",
        .remark = kRemark,
    };
  }

  template <class S>
  static std::vector<Condition<S>> conditions(const Values<S>& v) {
    return step_conditions(v);
  }
  template <class S>
  static GammaLimit<S> gamma_limit(const Values<S>& v) {
    return GammaLimit<S>::at_most(S(1) / v.L);
  }
  template <class S>
  static BoundShape<S> shape(const Values<S>& v) {
    return BoundShape<S>::linear(v.gamma * v.delta * v.mu, v.F0, S(0));
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
        .family = MethodFamily::kCompressedGd,
        .update = kUpdate,
        .assumptions = {"A-smooth", "A-lower", "A-contract"},
        .constants = {Symbol::L, Symbol::delta},
        .parameters = {Symbol::gamma},
        .quantity = "min_grad_norm2",
        .statement = std::string("If 0 < γ ≤ 1/L, then for every T ≥ 1\n"
                                 "  min_{j<T} E‖∇f(x_j)‖² ≤ 2F₀/(γδT),\n"
                                 "which at γ = 1/L is 2LF₀/(δT).") +
                     kFreshNoise,
        .rate = "O(1/T)",
        .residual = "0",
        .proof = std::string(kProofStep) +
                 " Summing over k < T, (γδ/2) Σ_k E‖∇f(x_k)‖² ≤ F₀, and the minimum is at most "
                 "the average.",
        .remark = kRemark,
    };
  }

  template <class S>
  static std::vector<Condition<S>> conditions(const Values<S>& v) {
    return step_conditions(v);
  }
  template <class S>
  static GammaLimit<S> gamma_limit(const Values<S>& v) {
    return GammaLimit<S>::at_most(S(1) / v.L);
  }
  template <class S>
  static BoundShape<S> shape(const Values<S>& v) {
    return BoundShape<S>::sublinear(2 * v.F0 / (v.gamma * v.delta), S(0), S(0));
  }
};

}  // namespace

Statements compressed_gd_theorems() {
  Statements list;
  list.push_back(std::make_unique<FormulaTheorem<Pl>>());
  list.push_back(std::make_unique<FormulaTheorem<Nonconvex>>());
  return list;
}

}  // namespace biasbound::theory

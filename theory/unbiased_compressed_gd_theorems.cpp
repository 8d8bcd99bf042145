// unbiased-compressed-gd: gradient descent through an unbiased compressor with second-moment
// constant α (rand-k scaled, QSGD, TernGrad), PL and nonconvex statements.

#include "theory/catalog_entries.hpp"

namespace biasbound::theory {
namespace {

constexpr const char* kId = "unbiased-compressed-gd";
constexpr const char* kTitle = "Gradient descent with an unbiased compressor";
constexpr const char* kMethod = "compressed gradient descent";
constexpr const char* kUpdate = "x_{k+1} = x_k − γ C(∇f(x_k)),  E C(v) = v, E‖C(v)‖² ≤ α‖v‖²";
constexpr const char* kProofStep =
    "Smoothness and A-unbiased-compressor give E f(x⁺) ≤ f − γ‖∇f‖² + (αLγ²/2)‖∇f‖² = "
    "f − γ(1 − αLγ/2)‖∇f‖², a strict decrease exactly when γ < 2/(αL). The "
    "expectation is over C given the past, which is where fresh randomness is used.";
// The randomness of C must be new at each step: the proof takes expectations given the past.
constexpr const char* kFreshNoise =
    "\nC must draw fresh randomness at each step: A-unbiased-compressor holds given the past.";

template <class S>
S step_limit(const Values<S>& v) {
  return 2 / (v.alpha * v.L);
}

template <class S>
std::vector<Condition<S>> step_conditions(const Values<S>& v) {
  return {{"step size", "γ < 2/(αL)", v.gamma, step_limit(v), Relation::less_than}};
}

// γ(1 − αLγ/2): the guaranteed descent per unit of ‖∇f‖².
template <class S>
S descent(const Values<S>& v) {
  return v.gamma * (1 - v.alpha * v.L * v.gamma / 2);
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
        .assumptions = {"A-smooth", "A-lower", "A-PL", "A-unbiased-compressor"},
        .constants = {Symbol::L, Symbol::mu, Symbol::alpha},
        .parameters = {Symbol::gamma},
        .quantity = "f_gap_last",
        .statement = std::string("If 0 < γ < 2/(αL), then for every T ≥ 0\n"
                                 "  E f(x_T) − f* ≤ (1 − 2μγ(1 − αLγ/2))^T F₀.") +
                     kFreshNoise,
        .rate = "1 − 2μγ(1 − αLγ/2)",
        .residual = "0",
        .proof = std::string(kProofStep) + " A-PL gives the factor 1 − 2μγ(1 − αLγ/2); unroll.",
        .remark =
            "The rate is best at γ = 1/(αL): 1 − μ/(αL), α times slower than exact "
            "gradient descent.",
    };
  }

  template <class S>
  static std::vector<Condition<S>> conditions(const Values<S>& v) {
    return step_conditions(v);
  }
  template <class S>
  static GammaLimit<S> gamma_limit(const Values<S>& v) {
    return GammaLimit<S>::below(step_limit(v));
  }
  template <class S>
  static BoundShape<S> shape(const Values<S>& v) {
    return BoundShape<S>::linear(2 * v.mu * descent(v), v.F0, S(0));
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
        .assumptions = {"A-smooth", "A-lower", "A-unbiased-compressor"},
        .constants = {Symbol::L, Symbol::alpha},
        .parameters = {Symbol::gamma},
        .quantity = "min_grad_norm2",
        .statement = std::string("If 0 < γ < 2/(αL), then for every T ≥ 1\n"
                                 "  min_{j<T} E‖∇f(x_j)‖² ≤ F₀/(Tγ(1 − αLγ/2)).") +
                     kFreshNoise,
        .rate = "O(1/T)",
        .residual = "0",
        .proof = std::string(kProofStep) +
                 " Sum over j < T: γ(1 − αLγ/2) Σ_j E‖∇f(x_j)‖² ≤ F₀; the minimum is at most "
                 "the average.",
    };
  }

  template <class S>
  static std::vector<Condition<S>> conditions(const Values<S>& v) {
    return step_conditions(v);
  }
  template <class S>
  static GammaLimit<S> gamma_limit(const Values<S>& v) {
    return GammaLimit<S>::below(step_limit(v));
  }
  template <class S>
  static BoundShape<S> shape(const Values<S>& v) {
    return BoundShape<S>::sublinear(v.F0 / descent(v), S(0), S(0));
  }
};

}  // namespace

Statements unbiased_compressed_gd_theorems() {
  Statements list;
  list.push_back(std::make_unique<FormulaTheorem<Pl>>());
  list.push_back(std::make_unique<FormulaTheorem<Nonconvex>>());
  return list;
}

}  // namespace biasbound::theory

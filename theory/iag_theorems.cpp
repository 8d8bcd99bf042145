// iag-pl: compressed incremental aggregated gradient. The server keeps every worker's last
// compressed message and steps along their mean; one worker refreshes per step, in cyclic
// order, so every stored message is at most τ = n − 1 steps old. The id names its PL
// statement; it also has a nonconvex statement with a weaker step-size condition. Both are
// delayed-compressed-gd-pl with τ = n − 1 and L² in the stale term replaced by L_max².

#include <cmath>

#include "theory/catalog_entries.hpp"

namespace biasbound::theory {
namespace {

constexpr const char* kIagId = "iag-pl";
constexpr const char* kIagTitle =
    "Incremental aggregated gradient with a deterministic unbiased compressor";
constexpr const char* kIagMethod =
    "compressed incremental aggregated gradient, cyclic refresh (n = 1: gradient descent)";
constexpr const char* kIagUpdate =
    "x_{k+1} = x_k − γ (1/n) Σ_i y_i,  y_i = C(∇f_i(x_{k−τ_i(k)})),  τ_i(k) ≤ n − 1";
constexpr const char* kIagProofStep =
    "Let τ = n − 1 and g_k = (1/n) Σ_i y_i the step's direction. A deterministic C with E C(v) "
    "= v is C(v) = v, so g_k = (1/n) Σ_i ∇f_i(x_{k−τ_i}) and ‖g_k‖² ≤ α‖g_k‖². Smoothness at "
    "x_k and −⟨a, b⟩ = ½(‖a − b‖² − ‖a‖² − ‖b‖²) give f(x_{k+1}) ≤ f(x_k) − (γ/2)‖∇f(x_k)‖² − "
    "(γ/2)(1 − αLγ)‖g_k‖² + (γ/2)‖∇f(x_k) − g_k‖². By Jensen and each f_i's smoothness the "
    "last norm² is at most (1/n) Σ_i L_i²‖x_k − x_{k−τ_i}‖² ≤ L_max² max_i ‖x_k − x_{k−τ_i}‖², "
    "and x_k − x_{k−τ_i} is γ times at most τ of the last directions g_j, so it is at most "
    "L_max²τγ² Σ over the last τ steps of ‖g_j‖² (≤ αL_max²τγ² Σ, α ≥ 1).";
constexpr const char* kIagNote =
    "\nτ = n − 1 is read from the number of workers n; L_max = max_i L_i is the largest\n"
    "worker smoothness (each ∇f_i is L_i-Lipschitz; L ≤ L_max). C must be deterministic and\n"
    "unbiased (so in practice the identity, α = 1): the stored messages are reused, so a random\n"
    "C's noise would not be fresh at each step, which the proof needs. Refresh must be cyclic:\n"
    "a random order does not bound the staleness by n − 1.";

// The condition αLγ + w·αL_max²τ²γ² ≤ 1 with τ = n − 1, weight w = 2 (PL) or 1 (nonconvex).
template <class S>
std::vector<Condition<S>> iag_conditions(const Values<S>& v, int weight) {
  const S tau = v.n - 1;
  const S lhs = v.alpha * v.L * v.gamma +
                weight * v.alpha * v.L_max * v.L_max * tau * tau * v.gamma * v.gamma;
  return {{"step size",
           weight == 2 ? "αLγ + 2αL_max²(n − 1)²γ² ≤ 1" : "αLγ + αL_max²(n − 1)²γ² ≤ 1", lhs,
           S(1)}};
}

// The positive root of w·αL_max²τ²γ² + αLγ = 1, written 2/(b + √(b² + 4a)) so that nothing
// cancels. Irrational in general, so exact arithmetic leaves it to the Wide closed form.
template <class S>
GammaLimit<S> iag_limit(const Values<S>& v, int weight) {
  if constexpr (is_exact_v<S>) {
    return GammaLimit<S>::unknown();
  } else {
    using std::sqrt;
    const S tau = v.n - 1;
    const S a = weight * v.alpha * v.L_max * v.L_max * tau * tau;
    const S b = v.alpha * v.L;
    return GammaLimit<S>::at_most(2 / (b + sqrt(b * b + 4 * a)));
  }
}

struct IagPl {
  static constexpr bool kRational = true;

  static TheoremInfo info() {
    return {
        .id = kIagId,
        .regime = Regime::pl,
        .title = kIagTitle,
        .provenance = "[derived]",
        .method = kIagMethod,
        .family = MethodFamily::kIag,
        .update = kIagUpdate,
        .assumptions = {"A-smooth", "A-worker-smooth", "A-lower", "A-PL", "A-unbiased-compressor"},
        .constants = {Symbol::L, Symbol::L_max, Symbol::mu, Symbol::alpha, Symbol::n},
        .parameters = {Symbol::gamma},
        .quantity = "f_gap_last",
        .statement = std::string("If αLγ + 2αL_max²(n − 1)²γ² ≤ 1, then for every T ≥ 0\n"
                                 "  f(x_T) − f* ≤ ρ^T F₀,  ρ = max{1 − γμ, 1 − 1/(2(n − 1))}\n"
                                 "(for n = 1 there is no delay, the condition is γ ≤ 1/(αL) and "
                                 "ρ = 1 − γμ).") +
                     kIagNote,
        .rate = "max{1 − γμ, 1 − 1/(2(n − 1))}",
        .residual = "0",
        .proof = std::string(kIagProofStep) +
                 " With c = γ/2 and a = αL_max²τγ², take V_k = f(x_k) − f* + c Σ_{i=1..τ} "
                 "2a(τ − i + 1)‖g_{k−i}‖² (no terms before step 0). A-PL turns −c‖∇f(x_k)‖² "
                 "into −γμ(f(x_k) − f*); the condition 2aτ ≤ 1 − αLγ removes the new ‖g_k‖² "
                 "term, and the window weights w_i = 2a(τ − i + 1) satisfy a + w_{i+1} ≤ "
                 "(1 − 1/(2τ))w_i. So V_k contracts by the larger of 1 − γμ and 1 − 1/(2τ), "
                 "and V₀ = F₀.",
        .remark =
            "The stale term pays L_max², not L²: workers whose f_i curve more than f are "
            "what staleness costs. For many workers the refresh cycle, not the step, limits "
            "the rate: ρ ≥ 1 − 1/(2(n − 1)) whatever γ is.",
    };
  }

  template <class S>
  static std::vector<Condition<S>> conditions(const Values<S>& v) {
    return iag_conditions(v, 2);
  }
  template <class S>
  static GammaLimit<S> gamma_limit(const Values<S>& v) {
    return iag_limit(v, 2);
  }
  template <class S>
  static BoundShape<S> shape(const Values<S>& v) {
    using std::min;
    const S step_decrement = v.gamma * v.mu;
    const S decrement = v.n == 1 ? step_decrement : min(step_decrement, S(1) / (2 * (v.n - 1)));
    return BoundShape<S>::linear(decrement, v.F0, S(0));
  }
};

struct IagNonconvex {
  static constexpr bool kRational = true;

  static TheoremInfo info() {
    return {
        .id = kIagId,
        .regime = Regime::nonconvex,
        .title = kIagTitle,
        .provenance = "[derived]",
        .method = kIagMethod,
        .family = MethodFamily::kIag,
        .update = kIagUpdate,
        .assumptions = {"A-smooth", "A-worker-smooth", "A-lower", "A-unbiased-compressor"},
        .constants = {Symbol::L, Symbol::L_max, Symbol::alpha, Symbol::n},
        .parameters = {Symbol::gamma},
        .quantity = "avg_grad_norm2",
        .statement = std::string("If αLγ + αL_max²(n − 1)²γ² ≤ 1, then for every T ≥ 1\n"
                                 "  (1/T) Σ_{k<T} ‖∇f(x_k)‖² ≤ 2F₀/(γT).") +
                     kIagNote,
        .rate = "O(1/T)",
        .residual = "0",
        .proof = std::string(kIagProofStep) +
                 " Summed over k < T each ‖g_j‖² appears in at most τ windows, so the stale "
                 "terms add at most (γ/2)αL_max²τ²γ²‖g_j‖² per step, which the condition pays "
                 "for with (γ/2)(1 − αLγ); what is left is (γ/2)Σ_k ‖∇f(x_k)‖² ≤ F₀.",
    };
  }

  template <class S>
  static std::vector<Condition<S>> conditions(const Values<S>& v) {
    return iag_conditions(v, 1);
  }
  template <class S>
  static GammaLimit<S> gamma_limit(const Values<S>& v) {
    return iag_limit(v, 1);
  }
  template <class S>
  static BoundShape<S> shape(const Values<S>& v) {
    return BoundShape<S>::sublinear(2 * v.F0 / v.gamma, S(0), S(0));
  }
};

}  // namespace

Statements iag_theorems() {
  Statements list;
  list.push_back(std::make_unique<FormulaTheorem<IagPl>>());
  list.push_back(std::make_unique<FormulaTheorem<IagNonconvex>>());
  return list;
}

}  // namespace biasbound::theory

// block-coordinate-pl: asynchronous compressed block-coordinate descent. Each step updates one
// uniformly random block of B with a compressed block of a gradient at most τ steps old. The id
// names its PL statement; it also has a nonconvex statement with a weaker step-size condition.
// Both are delayed-compressed-gd-pl with every term divided by B (B = 1 gives it back).

#include <cmath>

#include "theory/catalog_entries.hpp"

namespace biasbound::theory {
namespace {

constexpr const char* kBlockId = "block-coordinate-pl";
constexpr const char* kBlockTitle =
    "Asynchronous block-coordinate descent with an unbiased compressor";
constexpr const char* kBlockMethod =
    "asynchronous compressed block-coordinate descent (B = 1: delayed compressed GD)";
constexpr const char* kBlockUpdate =
    "x_{k+1} = x_k − γ U_b Q(∇_b f(x_{k−τ_k})),  b uniform on B blocks,  τ_k ≤ τ";
constexpr const char* kBlockProofStep =
    "Block smoothness at x_k along block b: f(x_{k+1}) ≤ f(x_k) − γ⟨∇_b f(x_k), q⟩ + "
    "(L_blk γ²/2)‖q‖², q = Q(∇_b f(y)), y = x_{k−τ_k}. Given the past, E over Q and the uniform "
    "b gives E U_b q = ∇f(y)/B and E‖q‖² ≤ (α/B)‖∇f(y)‖², so E f(x_{k+1}) ≤ f(x_k) − "
    "(γ/2B)‖∇f(x_k)‖² − (γ/2B)(1 − αL_blk γ)‖∇f(y)‖² + (γ/2B)‖∇f(x_k) − ∇f(y)‖². The last "
    "term is at most (γ/2B)L²‖x_k − y‖² with the full L, and each of the last τ steps moves x "
    "by γU_b q with E‖γU_b q‖² ≤ γ²(α/B)‖∇f(y_j)‖², so it is at most (γ/2B)(αL²τγ²/B) Σ over "
    "the last τ steps of ‖∇f(y_j)‖². Q must draw fresh randomness at each step.";
constexpr const char* kBlockFreshNoise =
    "\nL_blk = max_b L_b is the largest block smoothness constant (f restricted to a block), L\n"
    "the smoothness of f, α the constant of Q on a block (rand-k: d_b/k), B the number of\n"
    "blocks. Q must draw fresh randomness at each step: A-unbiased-compressor holds given the\n"
    "past (x₀..x_k, the delays and the blocks drawn).";

// The condition αL_blk γ + w·αL²τ²γ²/B ≤ 1, with weight w = 2 (PL) or 1 (nonconvex).
template <class S>
std::vector<Condition<S>> block_conditions(const Values<S>& v, int weight) {
  const S lhs = v.alpha * v.L_blk * v.gamma +
                weight * v.alpha * v.L * v.L * v.tau * v.tau * v.gamma * v.gamma / v.B;
  return {{"step size", weight == 2 ? "αL_blk γ + 2αL²τ²γ²/B ≤ 1" : "αL_blk γ + αL²τ²γ²/B ≤ 1", lhs,
           S(1)}};
}

// The positive root of w·αL²τ²γ²/B + αL_blk γ = 1, written 2/(b + √(b² + 4a)) so that nothing
// cancels. Irrational in general, so exact arithmetic leaves it to the Wide closed form.
template <class S>
GammaLimit<S> block_limit(const Values<S>& v, int weight) {
  if constexpr (is_exact_v<S>) {
    return GammaLimit<S>::unknown();
  } else {
    using std::sqrt;
    const S a = weight * v.alpha * v.L * v.L * v.tau * v.tau / v.B;
    const S b = v.alpha * v.L_blk;
    return GammaLimit<S>::at_most(2 / (b + sqrt(b * b + 4 * a)));
  }
}

struct BlockPl {
  static constexpr bool kRational = true;

  static TheoremInfo info() {
    return {
        .id = kBlockId,
        .regime = Regime::pl,
        .title = kBlockTitle,
        .provenance = "[derived]",
        .method = kBlockMethod,
        .family = MethodFamily::kBlockCoordinate,
        .update = kBlockUpdate,
        .assumptions = {"A-smooth", "A-block-smooth", "A-lower", "A-PL", "A-unbiased-compressor",
                        "A-delay"},
        .constants = {Symbol::L, Symbol::L_blk, Symbol::mu, Symbol::alpha, Symbol::tau, Symbol::B},
        .parameters = {Symbol::gamma},
        .quantity = "f_gap_last",
        .statement =
            std::string("If αL_blk γ + 2αL²τ²γ²/B ≤ 1, then for every T ≥ 0\n"
                        "  E f(x_T) − f* ≤ ρ^T F₀,  ρ = max{1 − γμ/B, 1 − 1/(2τ)}\n"
                        "(for τ = 0 there is no delay, the condition is γ ≤ 1/(αL_blk) and "
                        "ρ = 1 − γμ/B).") +
            kBlockFreshNoise,
        .rate = "max{1 − γμ/B, 1 − 1/(2τ)}",
        .residual = "0",
        .proof = std::string(kBlockProofStep) +
                 " With c = γ/(2B) and a = αL²τγ²/B, take V_k = f(x_k) − f* + c Σ_{i=1..τ} "
                 "2a(τ − i + 1)‖∇f(y_{k−i})‖². A-PL turns −c‖∇f(x_k)‖² into −(γμ/B)(f(x_k) − "
                 "f*); the condition 2aτ ≤ 1 − αL_blk γ removes the new ‖∇f(y_k)‖² term, and "
                 "each window weight w_i satisfies a + w_{i+1} ≤ (1 − 1/(2τ))w_i. So V_k "
                 "contracts by the larger of 1 − γμ/B and 1 − 1/(2τ), and V₀ = F₀.",
        .remark =
            "B = 1 is delayed-compressed-gd-pl with L_blk = L. Blocks help when L_blk is "
            "well below L: the step may grow like 1/L_blk while the rate per step pays "
            "1/B.",
    };
  }

  template <class S>
  static std::vector<Condition<S>> conditions(const Values<S>& v) {
    return block_conditions(v, 2);
  }
  template <class S>
  static GammaLimit<S> gamma_limit(const Values<S>& v) {
    return block_limit(v, 2);
  }
  template <class S>
  static BoundShape<S> shape(const Values<S>& v) {
    using std::min;
    const S step_decrement = v.gamma * v.mu / v.B;
    const S decrement = v.tau == 0 ? step_decrement : min(step_decrement, S(1 / (2 * v.tau)));
    return BoundShape<S>::linear(decrement, v.F0, S(0));
  }
};

struct BlockNonconvex {
  static constexpr bool kRational = true;

  static TheoremInfo info() {
    return {
        .id = kBlockId,
        .regime = Regime::nonconvex,
        .title = kBlockTitle,
        .provenance = "[derived]",
        .method = kBlockMethod,
        .family = MethodFamily::kBlockCoordinate,
        .update = kBlockUpdate,
        .assumptions = {"A-smooth", "A-block-smooth", "A-lower", "A-unbiased-compressor",
                        "A-delay"},
        .constants = {Symbol::L, Symbol::L_blk, Symbol::alpha, Symbol::tau, Symbol::B},
        .parameters = {Symbol::gamma},
        .quantity = "avg_grad_norm2",
        .statement = std::string("If αL_blk γ + αL²τ²γ²/B ≤ 1, then for every T ≥ 1\n"
                                 "  (1/T) Σ_{k<T} E‖∇f(x_k)‖² ≤ 2BF₀/(γT).") +
                     kBlockFreshNoise,
        .rate = "O(1/T)",
        .residual = "0",
        .proof = std::string(kBlockProofStep) +
                 " Summed over k < T each ‖∇f(y_j)‖² appears in at most τ windows, so the "
                 "delay terms add at most (γ/2B)(αL²τ²γ²/B) per step, which the condition pays "
                 "for with (γ/2B)(1 − αL_blk γ); what is left is (γ/2B)Σ_k E‖∇f(x_k)‖² ≤ F₀.",
    };
  }

  template <class S>
  static std::vector<Condition<S>> conditions(const Values<S>& v) {
    return block_conditions(v, 1);
  }
  template <class S>
  static GammaLimit<S> gamma_limit(const Values<S>& v) {
    return block_limit(v, 1);
  }
  template <class S>
  static BoundShape<S> shape(const Values<S>& v) {
    return BoundShape<S>::sublinear(2 * v.B * v.F0 / v.gamma, S(0), S(0));
  }
};

}  // namespace

Statements block_coordinate_theorems() {
  Statements list;
  list.push_back(std::make_unique<FormulaTheorem<BlockPl>>());
  list.push_back(std::make_unique<FormulaTheorem<BlockNonconvex>>());
  return list;
}

}  // namespace biasbound::theory

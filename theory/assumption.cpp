#include "theory/assumption.hpp"

#include <array>

namespace biasbound::theory {
namespace {

constexpr std::array<AssumptionInfo, 13> kAssumptions = {{
    {"A-smooth", "‖∇f(x) − ∇f(y)‖ ≤ L‖x − y‖ for all x, y"},
    {"A-block-smooth",
     "f(x + U_b h) ≤ f(x) + ⟨∇_b f(x), h⟩ + (L_b/2)‖h‖² for every block b, x and h, with "
     "L_blk = max_b L_b"},
    {"A-worker-smooth",
     "‖∇fᵢ(x) − ∇fᵢ(y)‖ ≤ Lᵢ‖x − y‖ for every worker i, x and y, with L_max = max_i Lᵢ"},
    {"A-lower", "f* = inf f > −∞"},
    {"A-PL", "½‖∇f(x)‖² ≥ μ(f(x) − f*) for all x"},
    {"A-bias", "‖E g(x) − ∇f(x)‖² ≤ m‖∇f(x)‖² + ζ², with 0 ≤ m < 1"},
    {"A-var", "E‖g(x) − E g(x)‖² ≤ M‖E g(x)‖² + σ²"},
    {"A-contract", "E‖C(v) − v‖² ≤ (1 − δ)‖v‖² for all v, with δ ∈ (0, 1]"},
    {"A-unbiased-compressor", "E C(v) = v and E‖C(v)‖² ≤ α‖v‖², with α ≥ 1"},
    {"A-second-moment",
     "(1/n) Σᵢ E‖gᵢ(x)‖² ≤ G² for all x: the workers' average, not the aggregate"},
    {"A-worker-unbiased",
     "E gᵢ(x) = ∇fᵢ(x): each worker's estimator is unbiased for its own gradient"},
    {"A-worker-noise", "E‖gᵢ(x) − ∇fᵢ(x)‖² ≤ σ² for every worker i, independent over workers"},
    {"A-delay", "the staleness τ_k of the gradient used at step k is at most τ"},
}};

}  // namespace

const AssumptionInfo* find_assumption(std::string_view id) {
  for (const auto& a : kAssumptions)
    if (a.id == id) return &a;
  return nullptr;
}

}  // namespace biasbound::theory

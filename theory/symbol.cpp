#include "theory/symbol.hpp"

#include <boost/multiprecision/cpp_int.hpp>

#include "core/error.hpp"
#include "theory/decimal.hpp"

namespace biasbound::theory {
namespace {

// Indexed by Symbol.
constexpr std::array<SymbolInfo, kAllSymbols.size()> kInfo = {{
    {"L", "--L", "L", "smoothness: ∇f is L-Lipschitz, so f curves upward at most like (L/2)‖x‖²",
     "L > 0"},
    {"L_blk", "--L-blk", "L_blk",
     "block smoothness: along any one block b of coordinates ∇_b f is L_b-Lipschitz, and "
     "L_blk = max_b L_b (L_blk ≤ L)",
     "L_blk > 0"},
    {"L_max", "--L-max", "L_max",
     "worker smoothness: every worker's ∇f_i is L_i-Lipschitz, and L_max = max_i L_i "
     "(L ≤ L_max)",
     "L_max > 0"},
    {"mu", "--mu", "μ",
     "Polyak-Łojasiewicz constant: ½‖∇f(x)‖² ≥ μ(f(x) − f*), gradients are large far from "
     "optimal",
     "0 < μ ≤ L"},
    {"m", "--m", "m", "relative bias: the estimator's mean misses ∇f by at most √m·‖∇f‖ (plus ζ)",
     "0 ≤ m < 1"},
    {"zeta2", "--zeta2", "ζ²", "absolute bias: the squared bias that remains even where ∇f = 0",
     "ζ² ≥ 0"},
    {"M", "--M", "M", "relative variance: noise that grows with ‖E g‖²", "M ≥ 0"},
    {"sigma2", "--sigma2", "σ²", "absolute variance: noise that remains even where E g = 0",
     "σ² ≥ 0"},
    {"G2", "--G2", "G²",
     "second-moment bound of the workers' estimators, averaged over workers: (1/n) Σᵢ E‖gᵢ(x)‖² ≤ "
     "G² for all x",
     "G² ≥ 0"},
    {"delta", "--delta", "δ",
     "contraction: a compressor keeps at least a fraction δ of ‖v‖² in expectation, "
     "E‖C(v) − v‖² ≤ (1 − δ)‖v‖²",
     "0 < δ ≤ 1"},
    {"alpha", "--alpha", "α",
     "unbiased-compressor constant: E C(v) = v and E‖C(v)‖² ≤ α‖v‖² (variance ω = α − 1)", "α ≥ 1"},
    {"tau", "--tau", "τ", "maximal staleness: gradients are at most τ iterations old",
     "τ a whole number ≥ 0"},
    {"B", "--B", "B", "number of coordinate blocks; each step updates one, drawn uniformly",
     "B a whole number ≥ 1"},
    {"n", "--n", "n", "number of workers", "n a whole number ≥ 1"},
    {"gamma", "--gamma", "γ", "step size", "γ > 0"},
    {"beta", "--beta", "β",
     "momentum weight on the NEW gradient: v_k = (1 − β)v_{k−1} + βg_k (β = 1: no momentum)",
     "0 < β ≤ 1"},
    {"beta_tilde", "--beta-tilde", "β̃",
     "heavy-ball coefficient of local momentum: z_k = β̃ z_{k−1} + g_k (β̃ = 0: no momentum)",
     "0 ≤ β̃ < 1"},
    {"F0", "--F0", "F₀", "initial gap f(x₀) − f*", "F₀ > 0"},
}};

bool whole_number(const Rational& x) {
  return denominator(x) == 1;
}

bool in_domain(Symbol symbol, const Rational& x) {
  switch (symbol) {
    case Symbol::L:
    case Symbol::L_blk:
    case Symbol::L_max:
    case Symbol::mu:
    case Symbol::gamma:
    case Symbol::F0:
      return x > 0;
    case Symbol::m:
    case Symbol::beta_tilde:
      return x >= 0 && x < 1;
    case Symbol::zeta2:
    case Symbol::M:
    case Symbol::sigma2:
    case Symbol::G2:
      return x >= 0;
    case Symbol::delta:
    case Symbol::beta:
      return x > 0 && x <= 1;
    case Symbol::alpha:
      return x >= 1;
    case Symbol::tau:
      return x >= 0 && whole_number(x);
    case Symbol::n:
    case Symbol::B:
      return x >= 1 && whole_number(x);
  }
  return false;
}

}  // namespace

const SymbolInfo& symbol_info(Symbol symbol) {
  return kInfo[static_cast<std::size_t>(symbol)];
}

void check_domain(Symbol symbol, const Rational& value, std::string_view source) {
  if (in_domain(symbol, value)) return;
  const auto& info = symbol_info(symbol);
  throw core::input_error("{} = {} is impossible: {} ({}) needs {}", source, format_exact(value),
                          info.name, info.meaning, info.domain);
}

}  // namespace biasbound::theory

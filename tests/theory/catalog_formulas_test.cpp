// Every catalog statement against values computed by hand from THEORY.md's formulas (PEPit's
// idiom). Shapes are compared exactly in rational arithmetic; bounds, which need a power of the
// rate, in 50 digits against the exact rational value.

#include <catch2/catch.hpp>

#include "theory/step_size.hpp"
#include "theory_test_support.hpp"

namespace biasbound::theory {
namespace {

using namespace testing;

const Wide kTight{"1e-40"};

// bound(T) computed by the library in 50 digits equals the exact `expected`.
void check_bound(const Theorem& t, const Values<Rational>& v, long long T,
                 const Rational& expected) {
  INFO(t.info().id << " (" << regime_name(t.info().regime) << ") at T = " << T);
  CHECK(relative_error(bound_at(t, convert_values<Wide>(v), Wide(T)), convert<Wide>(expected)) <
        kTight);
}

TEST_CASE("biased-sgd-nonconvex: gamma_max, residual and bound by hand", "[theory][formulas]") {
  const auto& t = statement("biased-sgd-nonconvex", Regime::nonconvex);
  // L = 2, M = 1, m = 1/2, ζ² = 1/10, σ² = 2/5, γ = 1/5, F₀ = 3.
  auto v = exact({{Symbol::L, q(2)},
                  {Symbol::M, q(1)},
                  {Symbol::m, q(1, 2)},
                  {Symbol::zeta2, q(1, 10)},
                  {Symbol::sigma2, q(2, 5)},
                  {Symbol::gamma, q(1, 5)},
                  {Symbol::F0, q(3)}});
  CHECK(exact_gamma_limit(t, v) == q(1, 4));  // 1/((1 + 1)·2)
  auto shape = exact_shape(t, v);
  CHECK(shape.kind == RateKind::sublinear);
  CHECK(shape.residual == q(52, 100));  // (0.1 + 2·0.2·0.4)/0.5 = 0.26/0.5
  CHECK(shape.coefficient == q(60));    // 2·3/(0.2·0.5)
  check_bound(t, v, 10, q(652, 100));   // 60/10 + 0.52

  // L = 1, M = 0, m = 0, ζ² = 0, σ² = 1, γ = 1/2, F₀ = 1: γ_max = 1, residual Lγσ² = 1/2.
  v = exact(
      {{Symbol::L, q(1)}, {Symbol::sigma2, q(1)}, {Symbol::gamma, q(1, 2)}, {Symbol::F0, q(1)}});
  CHECK(exact_gamma_limit(t, v) == q(1));
  shape = exact_shape(t, v);
  CHECK(shape.residual == q(1, 2));
  check_bound(t, v, 4, q(3, 2));  // 2/(0.5·4) + 0.5
}

TEST_CASE("biased-sgd-pl: gamma_max, rate, residual and bound by hand", "[theory][formulas]") {
  const auto& t = statement("biased-sgd-pl", Regime::pl);
  // L = 2, μ = 1/4, M = 1, m = 1/2, ζ² = 1/10, σ² = 2/5, γ = 1/5, F₀ = 3.
  const auto v = exact({{Symbol::L, q(2)},
                        {Symbol::mu, q(1, 4)},
                        {Symbol::M, q(1)},
                        {Symbol::m, q(1, 2)},
                        {Symbol::zeta2, q(1, 10)},
                        {Symbol::sigma2, q(2, 5)},
                        {Symbol::gamma, q(1, 5)},
                        {Symbol::F0, q(3)}});
  CHECK(exact_gamma_limit(t, v) == q(1, 4));
  const auto shape = exact_shape(t, v);
  CHECK(shape.kind == RateKind::linear);
  CHECK(shape.decrement == q(1, 40));    // γμ(1 − m) = 0.2·0.25·0.5: rate 0.975
  CHECK(shape.residual == q(104, 100));  // 0.26/(2·0.25·0.5)
  check_bound(t, v, 2, q(3) * q(39, 40) * q(39, 40) + q(104, 100));  // 3.891875

  SECTION("exact gradients with top-k: γ ≤ 1/L and rate 1 − γμk/d") {
    // k/d = 1/4: m = 3/4, ζ² = σ² = M = 0; L = 1, μ = 1/10, γ = 1.
    const auto topk = exact({{Symbol::L, q(1)},
                             {Symbol::mu, q(1, 10)},
                             {Symbol::m, q(3, 4)},
                             {Symbol::gamma, q(1)},
                             {Symbol::F0, q(1)}});
    CHECK(exact_gamma_limit(t, topk) == q(1));
    CHECK(exact_shape(t, topk).decrement == q(1) * q(1, 10) * q(1, 4));
    CHECK(exact_shape(t, topk).residual == 0);
  }
}

TEST_CASE("momentum-nonconvex: gamma_max, residual and bound by hand", "[theory][formulas]") {
  const auto& t = statement("momentum-nonconvex", Regime::nonconvex);
  // L = 2, M = 1, m = 1/2, ζ² = 1/10, σ² = 2/5, β = 1/2, γ = 1/40, F₀ = 3.
  const auto v = exact({{Symbol::L, q(2)},
                        {Symbol::M, q(1)},
                        {Symbol::m, q(1, 2)},
                        {Symbol::zeta2, q(1, 10)},
                        {Symbol::sigma2, q(2, 5)},
                        {Symbol::beta, q(1, 2)},
                        {Symbol::gamma, q(1, 40)},
                        {Symbol::F0, q(3)}});
  CHECK(exact_gamma_limit(t, v) == q(1, 32));  // 0.5/(4·2·2)
  const auto shape = exact_shape(t, v);
  // ζ² = 0.1, Lγσ² = 0.02, 2L²γ²(1 − β)²σ²/β² = 2·4·(1/1600)·0.4 = 0.002; sum 0.122, / 0.5.
  CHECK(shape.residual == q(244, 1000));
  CHECK(shape.coefficient == q(480));  // 2·3/(0.025·0.5)
  check_bound(t, v, 100, q(5044, 1000));
}

TEST_CASE("momentum-pl: gamma_max, rate, residual and bound by hand", "[theory][formulas]") {
  const auto& t = statement("momentum-pl", Regime::pl);
  // L = 2, μ = 1/4, M = 1, m = 1/2, ζ² = 1/10, σ² = 2/5, β = 1/2, γ = γ_max = 1/48, F₀ = 3.
  const auto v = exact({{Symbol::L, q(2)},
                        {Symbol::mu, q(1, 4)},
                        {Symbol::M, q(1)},
                        {Symbol::m, q(1, 2)},
                        {Symbol::zeta2, q(1, 10)},
                        {Symbol::sigma2, q(2, 5)},
                        {Symbol::beta, q(1, 2)},
                        {Symbol::gamma, q(1, 48)},
                        {Symbol::F0, q(3)}});
  CHECK(exact_gamma_limit(t, v) == q(1, 48));  // 0.5/(6·2·2)
  const auto shape = exact_shape(t, v);
  CHECK(shape.decrement == q(1, 768));  // (1/48)(1/4)(1/2)/2
  // ζ² = 1/10, Lγσ² = 1/60, 6L²γ²(1 − β)²σ²/β² = 24/2304·2/5 = 1/240: 29/240, / μ(1 − m) = 1/8.
  CHECK(shape.residual == q(29, 30));
  check_bound(t, v, 1, q(3) * q(767, 768) + q(29, 30));
}

TEST_CASE("compressed-gd-contraction: both statements by hand", "[theory][formulas]") {
  // L = 4, μ = 1/2, δ = 1/10, γ = 1/4 = 1/L, F₀ = 3.
  const auto v = exact({{Symbol::L, q(4)},
                        {Symbol::mu, q(1, 2)},
                        {Symbol::delta, q(1, 10)},
                        {Symbol::gamma, q(1, 4)},
                        {Symbol::F0, q(3)}});
  const auto& pl = statement("compressed-gd-contraction", Regime::pl);
  CHECK(exact_gamma_limit(pl, v) == q(1, 4));
  CHECK(exact_shape(pl, v).decrement == q(1, 80));  // γδμ
  CHECK(exact_shape(pl, v).residual == 0);
  check_bound(pl, v, 3, q(3) * q(79, 80) * q(79, 80) * q(79, 80));

  const auto& nonconvex = statement("compressed-gd-contraction", Regime::nonconvex);
  CHECK(exact_gamma_limit(nonconvex, v) == q(1, 4));
  // At γ = 1/L the bound is THEORY.md's 2LF₀/(δT): 2·4·3/0.1 = 240 over T.
  CHECK(exact_shape(nonconvex, v).coefficient == q(2) * q(4) * q(3) / q(1, 10));
  check_bound(nonconvex, v, 60, q(4));
  auto half_step = v;
  half_step.gamma = q(1, 8);  // 2F₀/(γδ) doubles
  CHECK(exact_shape(nonconvex, half_step).coefficient == q(480));
}

TEST_CASE("unbiased-compressed-gd: both statements by hand", "[theory][formulas]") {
  // L = 2, α = 3, μ = 1/2, γ = 1/10, F₀ = 3.
  const auto v = exact({{Symbol::L, q(2)},
                        {Symbol::alpha, q(3)},
                        {Symbol::mu, q(1, 2)},
                        {Symbol::gamma, q(1, 10)},
                        {Symbol::F0, q(3)}});
  const auto& pl = statement("unbiased-compressed-gd", Regime::pl);
  const auto limit = pl.gamma_limit(v);
  CHECK(limit.value == q(1, 3));  // 2/(αL), strict
  CHECK(limit.strict);
  // 2μγ(1 − αLγ/2) = 2·0.5·0.1·(1 − 0.3) = 0.07.
  CHECK(exact_shape(pl, v).decrement == q(7, 100));
  check_bound(pl, v, 2, q(3) * q(93, 100) * q(93, 100));

  const auto& nonconvex = statement("unbiased-compressed-gd", Regime::nonconvex);
  CHECK(exact_shape(nonconvex, v).coefficient == q(300, 7));  // 3/(0.1·0.7)
  check_bound(nonconvex, v, 10, q(30, 7));
}

TEST_CASE("delayed-compressed-gd-pl: both statements by hand", "[theory][formulas]") {
  using std::sqrt;
  const auto& pl = statement("delayed-compressed-gd-pl", Regime::pl);
  const auto& nonconvex = statement("delayed-compressed-gd-pl", Regime::nonconvex);

  // L = 1, α = 2, τ = 3: PL condition 2γ + 36γ² ≤ 1, root (−1 + √37)/36 by the quadratic
  // formula; nonconvex 2γ + 18γ² ≤ 1, root (−1 + √19)/18.
  const auto v = exact({{Symbol::L, q(1)},
                        {Symbol::alpha, q(2)},
                        {Symbol::tau, q(3)},
                        {Symbol::mu, q(1, 10)},
                        {Symbol::gamma, q(1, 10)},
                        {Symbol::F0, q(3)}});
  const auto wide = convert_values<Wide>(v);
  CHECK(relative_error(pl.gamma_limit(wide).value, (sqrt(Wide(37)) - 1) / 36) < kTight);
  CHECK(relative_error(nonconvex.gamma_limit(wide).value, (sqrt(Wide(19)) - 1) / 18) < kTight);
  // Irrational: exact arithmetic hands it to the 50-digit closed form.
  CHECK(pl.gamma_limit(v).kind == GammaLimit<Rational>::Kind::unknown);

  // γ = 1/10: the step term γμ = 1/100 is below 1/(2τ) = 1/6 and sets the rate.
  CHECK(exact_shape(pl, v).decrement == q(1, 100));
  check_bound(pl, v, 2, q(3) * q(99, 100) * q(99, 100));
  CHECK(exact_shape(nonconvex, v).coefficient == q(60));  // 2F₀/γ
  check_bound(nonconvex, v, 6, q(10));

  SECTION("the delay term sets the rate when γμ > 1/(2τ)") {
    // L = μ = α = 1, τ = 2, γ = 7/25: 7/25 + 8·49/625 = 0.9072 ≤ 1, and γμ = 0.28 > 1/4.
    const auto delayed = exact({{Symbol::L, q(1)},
                                {Symbol::alpha, q(1)},
                                {Symbol::tau, q(2)},
                                {Symbol::mu, q(1)},
                                {Symbol::gamma, q(7, 25)},
                                {Symbol::F0, q(1)}});
    CHECK(exact_shape(pl, delayed).decrement == q(1, 4));
  }
  SECTION("no delay: ρ = 1 − γμ and γ_max = 1/(αL)") {
    const auto fresh = exact({{Symbol::L, q(2)},
                              {Symbol::alpha, q(2)},
                              {Symbol::mu, q(1, 2)},
                              {Symbol::gamma, q(1, 5)},
                              {Symbol::F0, q(1)}});
    CHECK(exact_shape(pl, fresh).decrement == q(1, 10));
    CHECK(relative_error(pl.gamma_limit(convert_values<Wide>(fresh)).value, Wide(1) / 4) < kTight);
  }
}

TEST_CASE("block-coordinate-pl: both statements by hand", "[theory][formulas]") {
  using std::sqrt;
  const auto& pl = statement("block-coordinate-pl", Regime::pl);
  const auto& nonconvex = statement("block-coordinate-pl", Regime::nonconvex);

  // L = 2, L_blk = 1, α = 2, τ = 2, B = 4, γ = 1/10: αL_blk γ = 1/5 and αL²τ²γ²/B = 2/25, so
  // the PL condition reads 1/5 + 4/25 = 9/25 ≤ 1 and the nonconvex one 1/5 + 2/25 = 7/25.
  const auto v = exact({{Symbol::L, q(2)},
                        {Symbol::L_blk, q(1)},
                        {Symbol::alpha, q(2)},
                        {Symbol::tau, q(2)},
                        {Symbol::B, q(4)},
                        {Symbol::mu, q(1, 10)},
                        {Symbol::gamma, q(1, 10)},
                        {Symbol::F0, q(3)}});
  CHECK(pl.conditions(v)->front().lhs == q(9, 25));
  CHECK(nonconvex.conditions(v)->front().lhs == q(7, 25));
  // γ_max: PL 16γ² + 2γ = 1, root (√17 − 1)/16; nonconvex 8γ² + 2γ = 1, root 1/4.
  const auto wide = convert_values<Wide>(v);
  CHECK(relative_error(pl.gamma_limit(wide).value, (sqrt(Wide(17)) - 1) / 16) < kTight);
  CHECK(relative_error(nonconvex.gamma_limit(wide).value, Wide(1) / 4) < kTight);
  CHECK(pl.gamma_limit(v).kind == GammaLimit<Rational>::Kind::unknown);

  // γμ/B = 1/400 is below 1/(2τ) = 1/4 and sets the rate.
  CHECK(exact_shape(pl, v).decrement == q(1, 400));
  check_bound(pl, v, 2, q(3) * q(399, 400) * q(399, 400));
  CHECK(exact_shape(nonconvex, v).coefficient == q(240));  // 2BF₀/γ
  check_bound(nonconvex, v, 6, q(40));

  SECTION("one block is delayed-compressed-gd-pl with L_blk = L") {
    auto one = v;
    one.B = 1;
    one.L_blk = one.L;
    for (const auto regime : {Regime::pl, Regime::nonconvex}) {
      const auto& block = statement("block-coordinate-pl", regime);
      const auto& delayed = statement("delayed-compressed-gd-pl", regime);
      CHECK(block.conditions(one)->front().lhs == delayed.conditions(one)->front().lhs);
      CHECK(exact_shape(block, one).decrement == exact_shape(delayed, one).decrement);
      CHECK(exact_shape(block, one).coefficient == exact_shape(delayed, one).coefficient);
    }
  }
}

TEST_CASE("ef-sgd-nonconvex: no step-size condition, residual and bound by hand",
          "[theory][formulas]") {
  const auto& t = statement("ef-sgd-nonconvex", Regime::nonconvex);
  // L = 2, G² = 3, δ = 1/4, γ = 1/10, F₀ = 3.
  const auto v = exact({{Symbol::L, q(2)},
                        {Symbol::G2, q(3)},
                        {Symbol::delta, q(1, 4)},
                        {Symbol::gamma, q(1, 10)},
                        {Symbol::F0, q(3)}});
  CHECK(t.conditions(v)->empty());
  CHECK(t.gamma_limit(v).kind == GammaLimit<Rational>::Kind::unbounded);
  const auto shape = exact_shape(t, v);
  // γLG² = 0.6; 4γ²L²G²(1 − δ)/δ² = 4·0.01·4·3·0.75/0.0625 = 5.76.
  CHECK(shape.residual == q(636, 100));
  CHECK(shape.coefficient == q(60));
  CHECK(shape.offset == 1);            // the quantity runs over k = 0..T
  check_bound(t, v, 9, q(1236, 100));  // 60/(9 + 1) + 6.36
}

TEST_CASE("mdsgd-nonconvex: gamma_max, residual and bound by hand", "[theory][formulas]") {
  const auto& t = statement("mdsgd-nonconvex", Regime::nonconvex);
  // L = 2, G² = 3, σ² = 4, n = 8, δ = 1/4, β̃ = 1/2, γ = 1/5, F₀ = 3.
  const auto v = exact({{Symbol::L, q(2)},
                        {Symbol::G2, q(3)},
                        {Symbol::sigma2, q(4)},
                        {Symbol::n, q(8)},
                        {Symbol::delta, q(1, 4)},
                        {Symbol::beta_tilde, q(1, 2)},
                        {Symbol::gamma, q(1, 5)},
                        {Symbol::F0, q(3)}});
  CHECK(exact_gamma_limit(t, v) == q(1, 4));  // 1/(2L)
  const auto shape = exact_shape(t, v);
  // 𝒦 = 4·0.75/0.0625 + 1 = 49; 2Lγσ²/n = 0.4; 4L²γ²G²𝒦 = 4·4·0.04·3·49 = 94.08.
  CHECK(shape.residual == q(9448, 100));
  CHECK(shape.coefficient == q(60));  // 4F₀/γ
  check_bound(t, v, 30, q(9648, 100));
}

TEST_CASE("iag-pl: both statements by hand", "[theory][formulas]") {
  using std::sqrt;
  const auto& pl = statement("iag-pl", Regime::pl);
  const auto& nonconvex = statement("iag-pl", Regime::nonconvex);

  // L = 2, L_max = 3, α = 1, n = 3 (τ = n − 1 = 2), γ = 1/20: αLγ = 1/10 and
  // αL_max²τ²γ² = 36/400 = 9/100, so the PL condition reads 1/10 + 18/100 = 7/25 ≤ 1 and the
  // nonconvex one 1/10 + 9/100 = 19/100.
  const auto v = exact({{Symbol::L, q(2)},
                        {Symbol::L_max, q(3)},
                        {Symbol::alpha, q(1)},
                        {Symbol::n, q(3)},
                        {Symbol::mu, q(1, 10)},
                        {Symbol::gamma, q(1, 20)},
                        {Symbol::F0, q(3)}});
  CHECK(pl.conditions(v)->front().lhs == q(7, 25));
  CHECK(nonconvex.conditions(v)->front().lhs == q(19, 100));
  // γ_max: PL 72γ² + 2γ = 1, root (√73 − 1)/72; nonconvex 36γ² + 2γ = 1, root (√37 − 1)/36.
  const auto wide = convert_values<Wide>(v);
  CHECK(relative_error(pl.gamma_limit(wide).value, (sqrt(Wide(73)) - 1) / 72) < kTight);
  CHECK(relative_error(nonconvex.gamma_limit(wide).value, (sqrt(Wide(37)) - 1) / 36) < kTight);
  CHECK(pl.gamma_limit(v).kind == GammaLimit<Rational>::Kind::unknown);

  // γμ = 1/200 is below 1/(2(n − 1)) = 1/4 and sets the rate.
  CHECK(exact_shape(pl, v).decrement == q(1, 200));
  check_bound(pl, v, 2, q(3) * q(199, 200) * q(199, 200));
  CHECK(exact_shape(nonconvex, v).coefficient == q(120));  // 2F₀/γ
  check_bound(nonconvex, v, 6, q(20));

  SECTION("a long refresh cycle sets the rate: 1/(2(n − 1)) below γμ") {
    auto slow = v;
    slow.n = 21;
    slow.mu = 1;  // γμ = 1/20 > 1/40
    CHECK(exact_shape(pl, slow).decrement == q(1, 40));
  }
  SECTION("tau = n - 1 and L_max = L is delayed-compressed-gd-pl") {
    auto same = v;
    same.L_max = same.L;
    same.tau = same.n - 1;
    for (const auto regime : {Regime::pl, Regime::nonconvex}) {
      const auto& iag = statement("iag-pl", regime);
      const auto& delayed = statement("delayed-compressed-gd-pl", regime);
      CHECK(iag.conditions(same)->front().lhs == delayed.conditions(same)->front().lhs);
      CHECK(exact_shape(iag, same).decrement == exact_shape(delayed, same).decrement);
      CHECK(exact_shape(iag, same).coefficient == exact_shape(delayed, same).coefficient);
    }
  }
  SECTION("one worker is gradient descent: no stale term, rate 1 - gamma mu") {
    auto one = v;
    one.n = 1;
    CHECK(pl.conditions(one)->front().lhs == q(1, 10));  // αLγ alone
    CHECK(exact_shape(pl, one).decrement == q(1, 200));
  }
}

}  // namespace
}  // namespace biasbound::theory

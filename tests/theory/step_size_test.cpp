// The largest admissible γ, the best γ for a horizon, iterations to ε, and the admissible grid.

#include <catch2/catch.hpp>

#include "theory/step_size.hpp"
#include "theory_test_support.hpp"

namespace biasbound::theory {
namespace {

using namespace testing;

TEST_CASE("gamma_max is exact for the closed forms of THEORY.md", "[theory][step]") {
  // L = 3, M = 1/2, β = 2/5.
  const auto v = exact({{Symbol::L, q(3)}, {Symbol::M, q(1, 2)}, {Symbol::beta, q(2, 5)}});
  const auto sgd = gamma_max(statement("biased-sgd-nonconvex", Regime::nonconvex), v);
  REQUIRE(sgd.exact);
  CHECK(*sgd.exact == 1 / ((v.M + 1) * v.L));  // 2/9
  CHECK(*sgd.exact == q(2, 9));
  CHECK(sgd.method == "closed form (exact)");
  const auto momentum = gamma_max(statement("momentum-nonconvex", Regime::nonconvex), v);
  REQUIRE(momentum.exact);
  CHECK(*momentum.exact == v.beta / (4 * v.L * (1 + v.M)));  // 1/45
  CHECK(*momentum.exact == q(1, 45));
}

TEST_CASE("bisection on the conditions reproduces every closed-form gamma_max", "[theory][step]") {
  const auto v = convert_values<Wide>(all_inputs());
  for (const auto* t : catalog()) {
    INFO(t->info().id << " (" << regime_name(t->info().regime) << ")");
    const auto closed = gamma_max(*t, v);
    const auto searched = gamma_max_by_bisection(*t, v);
    REQUIRE(closed.kind == searched.kind);
    if (closed.kind == GammaMax::Kind::bounded)
      CHECK(relative_error(searched.value, closed.value) < Wide("1e-45"));
  }
}

// The minimum of bound(T) over 2001 admissible γ spread geometrically from top down to top·1e-8.
Wide grid_minimum(const Theorem& t, Values<Wide> v, const Wide& T, const Wide& top) {
  Wide best = -1;
  for (int i = 0; i <= 2000; ++i) {
    v.gamma = top * pow(Wide(10), -Wide(i) / 250);
    const Wide b = bound_at(t, v, T);
    if (best < 0 || b < best) best = b;
  }
  return best;
}

TEST_CASE("the best gamma minimises the bound at T (dense grid and closed forms)",
          "[theory][step]") {
  const auto v = convert_values<Wide>(all_inputs());
  const Wide T = 1000;
  for (const auto* t : catalog()) {
    INFO(t->info().id << " (" << regime_name(t->info().regime) << ")");
    const auto best = gamma_best(*t, v, T);
    REQUIRE(best);
    auto at_best = v;
    at_best.gamma = *best;
    const Wide bound = bound_at(*t, at_best, T);
    const auto limit = gamma_max(*t, v);
    const Wide top = limit.kind == GammaMax::Kind::bounded ? Wide(limit.value * (1 - Wide("1e-30")))
                                                           : Wide(100 * *best);
    if (limit.kind == GammaMax::Kind::bounded) CHECK(*best <= limit.value);
    CHECK(bound <= grid_minimum(*t, v, T, top) * (1 + Wide("1e-15")));
  }
}

TEST_CASE("the best gamma matches hand-derived minimisers", "[theory][step]") {
  SECTION("biased-sgd-nonconvex: d/dγ [2F₀/(γ(1−m)T) + Lγσ²/(1−m)] = 0 at √(2F₀/(TLσ²))") {
    const auto& t = statement("biased-sgd-nonconvex", Regime::nonconvex);
    // L = 1, σ² = 1/2, F₀ = 1, T = 10⁴, M = 0: γ* = √(2/5000) = 0.02 < γ_max = 1.
    const auto v = convert_values<Wide>(exact(
        {{Symbol::L, q(1)}, {Symbol::sigma2, q(1, 2)}, {Symbol::F0, q(1)}, {Symbol::m, q(1, 2)}}));
    CHECK(relative_error(*gamma_best(t, v, Wide(10000)), Wide("0.02")) < Wide("1e-20"));
  }
  SECTION("unbiased-compressed-gd nonconvex: γ(1 − αLγ/2) is largest at 1/(αL)") {
    const auto& t = statement("unbiased-compressed-gd", Regime::nonconvex);
    const auto v =
        convert_values<Wide>(exact({{Symbol::L, q(2)}, {Symbol::alpha, q(3)}, {Symbol::F0, q(1)}}));
    CHECK(relative_error(*gamma_best(t, v, Wide(50)), Wide(1) / 6) < Wide("1e-20"));
  }
  SECTION("unbiased-compressed-gd PL at T = 1e12: the largest decrement μγ(2 − αLγ), at 1/(αL)") {
    // bound(T) = e^{−T·…} underflows even 50 digits here; the search compares logarithms.
    const auto& t = statement("unbiased-compressed-gd", Regime::pl);
    const auto v = convert_values<Wide>(exact(
        {{Symbol::L, q(2)}, {Symbol::alpha, q(3)}, {Symbol::mu, q(1, 2)}, {Symbol::F0, q(1)}}));
    CHECK(relative_error(*gamma_best(t, v, Wide("1e12")), Wide(1) / 6) < Wide("1e-20"));
  }
  SECTION("compressed-gd-contraction: the bound falls with γ, so γ_max is best") {
    const auto& t = statement("compressed-gd-contraction", Regime::pl);
    const auto v = convert_values<Wide>(exact(
        {{Symbol::L, q(4)}, {Symbol::mu, q(1)}, {Symbol::delta, q(1, 2)}, {Symbol::F0, q(1)}}));
    CHECK(*gamma_best(t, v, Wide(20)) == Wide(1) / 4);
  }
  SECTION(
      "ef-sgd-nonconvex: −A/γ² + B + 2Cγ = 0 with A = 2F₀/(T+1), B = LG², C = the memory term") {
    const auto& t = statement("ef-sgd-nonconvex", Regime::nonconvex);
    const auto v = convert_values<Wide>(exact(
        {{Symbol::L, q(2)}, {Symbol::G2, q(3)}, {Symbol::delta, q(1, 4)}, {Symbol::F0, q(3)}}));
    const Wide T = 99, g = *gamma_best(t, v, T);
    const Wide A = 2 * Wide(3) / (T + 1), B = Wide(6),
               C = 4 * Wide(4) * 3 * Wide("0.75") / Wide("0.0625");
    CHECK(abs(-A / (g * g) + B + 2 * C * g) < Wide("1e-15") * B);
  }
}

TEST_CASE("a bound that keeps falling as gamma grows has no best gamma", "[theory][step]") {
  // ef-sgd-nonconvex with G² = 0: bound 2F₀/(γ(T + 1)) decreases for every γ.
  const auto& t = statement("ef-sgd-nonconvex", Regime::nonconvex);
  const auto v = convert_values<Wide>(
      exact({{Symbol::L, q(2)}, {Symbol::delta, q(1, 4)}, {Symbol::F0, q(3)}}));
  CHECK_FALSE(gamma_best(t, v, Wide(10)).has_value());
}

TEST_CASE("iterations to eps is the smallest T with bound(T) <= eps", "[theory][step]") {
  SECTION("sublinear, by hand: 480/T + 0.244 ≤ 1 first at T = ⌈480/0.756⌉ = 635") {
    const auto s = BoundShape<Wide>::sublinear(Wide(480), Wide(0), Wide("0.244"));
    CHECK(*iterations_to_eps(s, Wide(1)) == 635);
    CHECK(480 / Wide(635) + Wide("0.244") <= 1);
    CHECK(480 / Wide(634) + Wide("0.244") > 1);
  }
  SECTION("linear, by hand: 3·0.975^T + 1.04 ≤ 1.5 first at ⌈ln(3/0.46)/−ln 0.975⌉ = 75") {
    const auto s = BoundShape<Wide>::linear(Wide("0.025"), Wide(3), Wide("1.04"));
    CHECK(*iterations_to_eps(s, Wide("1.5")) == 75);
    CHECK(3 * pow(Wide("0.975"), 75) + Wide("1.04") <= Wide("1.5"));
    CHECK(3 * pow(Wide("0.975"), 74) + Wide("1.04") > Wide("1.5"));
  }
  SECTION("every catalog statement, several targets, in 50 digits and in double") {
    const auto exact_values = all_inputs();
    for (const auto* t : catalog()) {
      const auto wide = t->shape(convert_values<Wide>(exact_values));
      const auto fast = t->shape(convert_values<double>(exact_values));
      for (const Wide& eps : {Wide(2) * wide.residual + Wide("0.01"), wide.residual + 1,
                              wide.residual + Wide("1e-6")}) {
        INFO(t->info().id << " (" << regime_name(t->info().regime) << ") eps " << eps);
        const auto T = iterations_to_eps(wide, eps);
        REQUIRE(T);
        CHECK(bound_at(wide, *T) <= eps);
        if (*T > first_horizon(wide)) CHECK(bound_at(wide, Wide(*T - 1)) > eps);
        const auto T_fast = iterations_to_eps(fast, convert<double>(eps));
        REQUIRE(T_fast);
        CHECK(abs(Wide(*T_fast) - *T) <= 1);  // double may round the last step either way
      }
    }
  }
  SECTION("never when the residual reaches eps") {
    const auto s = BoundShape<Wide>::sublinear(Wide(1), Wide(0), Wide("0.5"));
    CHECK_FALSE(iterations_to_eps(s, Wide("0.5")).has_value());
    CHECK_FALSE(iterations_to_eps(s, Wide("0.4")).has_value());
    CHECK(iterations_to_eps(s, Wide("0.6")).has_value());
  }
}

TEST_CASE("the admissible grid follows gamma <= beta/(4L(1 + M)) cell by cell", "[theory][step]") {
  const auto& t = statement("momentum-nonconvex", Regime::nonconvex);
  // L = 1, M = 1, β = 1/2, γ = 1/16: rows β = 0.1..1, columns γ·2^j for j = −3..3.
  const auto v = exact(
      {{Symbol::L, q(1)}, {Symbol::M, q(1)}, {Symbol::beta, q(1, 2)}, {Symbol::gamma, q(1, 16)}});
  const auto grid = admissible_grid(t, v);
  REQUIRE(grid.row_symbol == Symbol::beta);
  REQUIRE(grid.rows.size() == 10);
  REQUIRE(grid.gammas == std::vector<Rational>{q(1, 128), q(1, 64), q(1, 32), q(1, 16), q(1, 8),
                                               q(1, 4), q(1, 2)});
  for (std::size_t i = 0; i < grid.rows.size(); ++i) {
    CHECK(grid.rows[i] == q(static_cast<long long>(i) + 1, 10));
    CHECK(*grid.gamma_max[i].exact == grid.rows[i] / 8);
    for (std::size_t j = 0; j < grid.gammas.size(); ++j)
      CHECK((grid.admissible[i][j] == Verdict::holds) == (grid.gammas[j] <= grid.rows[i] / 8));
  }
  SECTION("a beta off the ladder gets its own row") {
    auto off = v;
    off.beta = q(1, 3);
    const auto with_own = admissible_grid(t, off);
    CHECK(with_own.rows.size() == 11);
    CHECK(std::count(with_own.rows.begin(), with_own.rows.end(), q(1, 3)) == 1);
  }
}

}  // namespace
}  // namespace biasbound::theory

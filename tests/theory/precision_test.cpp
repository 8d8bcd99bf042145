// Scalar types agree where the problem is well conditioned, and huge horizons with rates near 1
// lose nothing: ρ^T is exp(T·log1p(−(1 − ρ))) with the decrement kept apart from 1.

#include <catch2/catch.hpp>

#include <boost/multiprecision/cpp_bin_float.hpp>

#include "theory/bound_shape.hpp"
#include "theory/step_size.hpp"
#include "theory_test_support.hpp"

namespace biasbound::theory {
namespace {

using namespace testing;

TEST_CASE("double and 50-digit evaluations agree to 1e-12", "[theory][precision]") {
  const auto exact_values = all_inputs();
  const auto wide = convert_values<Wide>(exact_values);
  const auto fast = convert_values<double>(exact_values);
  for (const auto* t : catalog()) {
    INFO(t->info().id << " (" << regime_name(t->info().regime) << ")");
    const auto w = t->shape(wide);
    const auto d = t->shape(fast);
    CHECK(relative_error(convert<double>(w.coefficient), d.coefficient) < 1e-12);
    CHECK(std::abs(convert<double>(w.residual) - d.residual) <=
          1e-12 * std::abs(convert<double>(w.residual)));
    CHECK(std::abs(convert<double>(w.decrement) - d.decrement) <=
          1e-12 * std::abs(convert<double>(w.decrement)));
    for (double T : {1.0, 100.0, 1000.0})
      CHECK(relative_error(convert<double>(bound_at(w, Wide(T))), bound_at(d, T)) < 1e-12);
    const auto wl = t->gamma_limit(wide);
    const auto dl = t->gamma_limit(fast);
    if (wl.kind == GammaLimit<Wide>::Kind::bounded)
      CHECK(relative_error(convert<double>(wl.value), dl.value) < 1e-12);
    const auto wc = t->conditions(wide);
    const auto dc = t->conditions(fast);
    REQUIRE(wc.size() == dc.size());
    for (std::size_t i = 0; i < wc.size(); ++i)
      CHECK(relative_error(convert<double>(wc[i].rhs), dc[i].rhs) < 1e-12);
  }
}

// (1 − x)^T by a different route: log(1 − x) = −Σ_{k≥1} x^k/k summed in 100 digits.
boost::multiprecision::cpp_bin_float_100 power_by_series(const char* x_text, const char* T_text) {
  using Big = boost::multiprecision::cpp_bin_float_100;
  const Big x(x_text), T(T_text);
  Big log_sum = 0, term = x;
  for (int k = 1; term / k > Big("1e-110") * x; ++k, term *= x) log_sum -= term / k;
  return exp(T * log_sum);
}

TEST_CASE("T = 1e12 with rate 1 - 1e-12 matches a log-space reference", "[theory][precision]") {
  // biased-sgd-pl with γμ(1 − m) = 1e-6·1e-6·1 = 1e-12, no noise, F₀ = 1: bound = ρ^T exactly.
  const auto& t = statement("biased-sgd-pl", Regime::pl);
  const auto v = exact({{Symbol::L, q(1)},
                        {Symbol::mu, q(1, 1000000)},
                        {Symbol::gamma, q(1, 1000000)},
                        {Symbol::F0, q(1)}});
  REQUIRE(exact_shape(t, v).decrement == q(1, 1000000000000));
  const auto reference = power_by_series("1e-12", "1e12");
  // ≈ e^{−1}·(1 − 5e-13): the correction is what cancellation would destroy.
  CHECK(abs(reference * boost::multiprecision::cpp_bin_float_100(exp(Wide(1))) - 1) > 4e-13);

  const Wide wide_bound = bound_at(t, convert_values<Wide>(v), Wide("1e12"));
  CHECK(relative_error(wide_bound, Wide(reference)) < Wide("1e-35"));
  const double double_bound = bound_at(t.shape(convert_values<double>(v)), 1e12);
  CHECK(relative_error(double_bound, static_cast<double>(reference)) < 1e-14);
}

TEST_CASE("huge horizons neither underflow in 50 digits nor misbehave in double",
          "[theory][precision]") {
  const BoundShape<Wide> wide = BoundShape<Wide>::linear(Wide("0.5"), Wide(1), Wide(0));
  // 2^-(1e6) is far below double's range but representable in Wide.
  const Wide tiny = bound_at(wide, Wide("1e6"));
  CHECK(tiny > 0);
  CHECK(relative_error(log(tiny), -Wide("1e6") * log(Wide(2))) < Wide("1e-40"));
  CHECK(bound_at(BoundShape<double>::linear(0.5, 1.0, 0.25), 1e6) == 0.25);

  // log bound(T) stays finite where bound(T) underflows: log(3·0.5^T + 0) = log 3 − T log 2.
  const auto gone = BoundShape<double>::linear(0.5, 3.0, 0.0);
  CHECK(bound_at(gone, 1e6) == 0);
  CHECK(relative_error(log_bound_at(gone, 1e6), std::log(3.0) - 1e6 * std::log(2.0)) < 1e-15);
  // With a residual: log(3·0.5^2 + 0.25) = log(1).
  CHECK(std::abs(log_bound_at(BoundShape<double>::linear(0.5, 3.0, 0.25), 2.0)) < 1e-15);
  CHECK(rate_power(Wide(1), Wide(3)) == 0);
  CHECK(rate_power(Wide("0.3"), Wide(0)) == 1);
}

}  // namespace
}  // namespace biasbound::theory

// The toolkit never contradicts itself: every step check suggests (γ_max, best γ, η_max,
// η_best, the grid's γ_max per row) passes check again, as the double a run uses and as the
// text a user pastes back, over thousands of random constant sets with random last bits.

#include <catch2/catch.hpp>

#include <bit>
#include <cmath>
#include <random>
#include <regex>
#include <string>

#include "core/json_io.hpp"
#include "theory/catalog.hpp"
#include "theory/check.hpp"
#include "theory/check_report.hpp"
#include "theory/decimal.hpp"
#include "theory/suggested_step.hpp"
#include "theory_test_support.hpp"

namespace biasbound::theory {
namespace {

using testing::q;

constexpr int kSetsPerStatement = 1000;

// Doubles whose every mantissa bit is random, log-uniform in [lo, hi].
double random_double(std::mt19937_64& rng, double lo, double hi) {
  const double x =
      std::exp(std::uniform_real_distribution<double>(std::log(lo), std::log(hi))(rng));
  const auto bits = std::bit_cast<std::uint64_t>(x) ^ (rng() & ((1ULL << 52) - 1) & 0xFFFFFULL);
  return std::bit_cast<double>(bits);
}

// A value in [0, 1) that is sometimes within 2^-k of 1 (m → 1) and sometimes exactly 0.
double unit_interval(std::mt19937_64& rng) {
  switch (rng() % 4) {
    case 0:
      return 0;
    case 1:
      return 1 - std::ldexp(1.0, -static_cast<int>(1 + rng() % 50));
    default:
      return std::uniform_real_distribution<double>(0, 1)(rng);
  }
}

double maybe_zero(std::mt19937_64& rng, double lo, double hi) {
  return rng() % 3 == 0 ? 0.0 : random_double(rng, lo, hi);
}

// Random inputs for `info`, each as the exact decimal of a double.
CheckArgs random_args(const TheoremInfo& info, std::mt19937_64& rng) {
  CheckArgs a;
  a.theorem = info.id;
  a.regime = std::string(regime_name(info.regime));
  const double L = random_double(rng, 1e-3, 1e3);
  const std::map<Symbol, double> values = {
      {Symbol::L, L},
      {Symbol::L_blk, L * std::uniform_real_distribution<double>(1e-3, 1)(rng)},
      {Symbol::L_max, L * std::uniform_real_distribution<double>(1, 10)(rng)},
      {Symbol::mu, L * std::uniform_real_distribution<double>(1e-6, 1)(rng)},
      {Symbol::m, unit_interval(rng)},
      {Symbol::zeta2, maybe_zero(rng, 1e-8, 10)},
      {Symbol::M, maybe_zero(rng, 1e-3, 100)},
      {Symbol::sigma2, maybe_zero(rng, 1e-8, 10)},
      {Symbol::G2, random_double(rng, 1e-6, 100)},
      {Symbol::delta, rng() % 4 == 0 ? 1.0 : random_double(rng, 1e-4, 1)},
      {Symbol::alpha, rng() % 4 == 0 ? 1.0 : 1 + random_double(rng, 1e-3, 1e3)},
      {Symbol::tau, static_cast<double>(rng() % 3 == 0 ? 0 : rng() % 100)},
      {Symbol::B, static_cast<double>(1 + rng() % 64)},
      {Symbol::n, static_cast<double>(1 + rng() % 128)},
      {Symbol::gamma, random_double(rng, 1e-9, 1)},
      {Symbol::beta, rng() % 4 == 0 ? 1.0 : 1 - unit_interval(rng) * 0.999},
      {Symbol::beta_tilde, unit_interval(rng) * 0.999},
      {Symbol::F0, random_double(rng, 1e-6, 1e3)}};
  for (const auto& [symbol, value] : values)
    if (info.needs(symbol) || symbol == Symbol::F0) a.values[symbol] = exact_decimal(value);
  a.T = std::to_string(static_cast<long long>(random_double(rng, 1, 1e15)));
  return a;
}

// The check a user runs on a pasted step: the full CLI path, without the horizon (the best-step
// search does not decide admissibility).
CheckResult check_at(CheckArgs args, const std::string& gamma_text) {
  args.values[Symbol::gamma] = gamma_text;
  args.eta.reset();
  args.T.reset();
  return check(args);
}

bool admitted(const CheckResult& r) {
  return r.admissible == Verdict::holds;
}

// The step printed after `label` in check's text report.
std::string printed_after(const std::string& text, const std::string& label) {
  std::smatch match;
  const std::regex pattern(label + R"(\s+([0-9.eE+-]+))");
  REQUIRE(std::regex_search(text, match, pattern));
  return match[1].str();
}

// Whether the certified check admits the step x (γ, or η with γ = η/(1 − β̃)) in every form:
// its exact value, its shortest decimal and its JSON number, each read back exactly.
bool admits_every_form(const Theorem& t, const Values<Rational>& v, double x, bool eta) {
  const Rational per_step = eta ? Rational(1) / (1 - v.beta_tilde) : Rational(1);
  if (!certified_admits(t, v, exact_value(x) * per_step)) return false;
  for (const std::string& text : {shortest_decimal(x), core::Json(x).dump()})
    if (!certified_admits(t, v, *parse_decimal(text) * per_step)) return false;
  return true;
}

// The suggestion passes in every form; the largest one is the largest double that does.
void require_consistent(const CheckResult& r, double step, bool largest, bool eta) {
  INFO("suggested " << shortest_decimal(step) << (eta ? " (η)" : " (γ)"));
  const auto v = r.inputs.values();
  CHECK(admits_every_form(*r.theorem, v, step, eta));
  if (largest) CHECK_FALSE(admits_every_form(*r.theorem, v, std::nextafter(step, INFINITY), eta));
}

}  // namespace

TEST_CASE("every suggested step re-checks admissible, as a double and as printed text",
          "[theory][step][property]") {
  std::mt19937_64 rng(20261130);
  int suggestions = 0;
  for (const Theorem* t : catalog()) {
    const auto& info = t->info();
    for (int i = 0; i < kSetsPerStatement; ++i) {
      const CheckArgs args = random_args(info, rng);
      INFO(info.id << " (" << regime_name(info.regime) << ") set " << i);
      const CheckResult r = check(args);
      const std::string text = to_text(r);
      if (r.gamma_max.suggested) {
        require_consistent(r, *r.gamma_max.suggested, true, false);
        CHECK(admitted(check_at(args, printed_after(text, "γ_max"))));
        ++suggestions;
      }
      if (r.gamma_best) {
        require_consistent(r, *r.gamma_best, false, false);
        CHECK(admitted(check_at(args, printed_after(text, "best γ"))));
        if (r.gamma_max.suggested) CHECK(*r.gamma_best <= *r.gamma_max.suggested);
        ++suggestions;
      }
      if (r.eta_max) require_consistent(r, *r.eta_max, true, true);
      if (r.eta_best) require_consistent(r, *r.eta_best, false, true);
      const auto json = to_json(r);
      for (const char* key : {"gamma_max", "gamma_best"})
        if (!json[key].is_null()) CHECK(admitted(check_at(args, json[key].dump())));
    }
  }
  CHECK(suggestions > static_cast<int>(catalog().size()) * kSetsPerStatement);
}

TEST_CASE("the grid's gamma_max per row is admitted at that row", "[theory][step][property]") {
  std::mt19937_64 rng(7);
  for (const Theorem* t : catalog()) {
    for (int i = 0; i < 20; ++i) {
      CheckArgs args = random_args(t->info(), rng);
      args.grid = true;
      const CheckResult r = check(args);
      REQUIRE(r.grid);
      for (std::size_t row = 0; row < r.grid->rows.size(); ++row) {
        const auto& limit = r.grid->gamma_max[row];
        if (!limit.suggested) continue;
        Values<Rational> v = r.inputs.values();
        if (r.grid->row_symbol) field(v, *r.grid->row_symbol) = r.grid->rows[row];
        CHECK(certified_admits(*t, v, exact_value(*limit.suggested)));
      }
    }
  }
}

TEST_CASE("a suggestion is the largest double below the exact limit", "[theory][step]") {
  const Theorem& t = testing::statement("biased-sgd-nonconvex", Regime::nonconvex);
  auto v = testing::exact({{Symbol::L, q(3)}, {Symbol::M, q(0)}});
  SECTION("a limit of 1/3 is not a double: the double just below it") {
    const auto s = suggest_step(t, v, Wide(1) / 3);
    REQUIRE(s);
    CHECK(exact_value(*s) < Rational(1, 3));
    CHECK(exact_value(std::nextafter(*s, 1.0)) > Rational(1, 3));
  }
  SECTION("a limit that is a double is suggested itself") {
    v.L = 4;
    CHECK(suggest_step(t, v, Wide(1) / 4) == 0.25);
  }
  SECTION("the ceiling rounded to the nearest double above the limit still lands below it") {
    v.L = Rational(10);
    const double above = std::nextafter(0.1, 1.0);  // 0.1 as a double is already above 1/10
    const auto s = suggest_step(t, v, Wide(above));
    REQUIRE(s);
    CHECK(exact_value(*s) <= Rational(1, 10));
    CHECK(*s == std::nextafter(0.1, 0.0));
  }
}

TEST_CASE("exact_value and exact_decimal carry a double exactly", "[theory][step]") {
  CHECK(exact_value(0.1) == Rational(3602879701896397LL, 36028797018963968LL));
  CHECK(*parse_decimal(exact_decimal(0.1)) == exact_value(0.1));
  CHECK(*parse_decimal(exact_decimal(5e-324)) == exact_value(5e-324));
  CHECK(*parse_decimal(exact_decimal(1.7976931348623157e308)) ==
        exact_value(1.7976931348623157e308));
  CHECK(*parse_decimal("1/3") == Rational(1, 3));
  CHECK(*parse_decimal("0.5/0.25") == Rational(2));
  CHECK_FALSE(parse_decimal("1/0"));
  CHECK_FALSE(parse_decimal("1/"));
  CHECK_FALSE(parse_decimal("1/2/3"));
}

TEST_CASE("largest_double_where finds the boundary of any interval of doubles", "[theory][step]") {
  std::mt19937_64 rng(3);
  for (int i = 0; i < 200; ++i) {
    const double edge = random_double(rng, 1e-300, 1e300);
    const auto found = largest_double_where([&](double x) { return x <= edge; }, 1e308);
    REQUIRE(found);
    CHECK(*found == edge);
  }
  CHECK_FALSE(largest_double_where([](double) { return false; }, 1.0));
}

TEST_CASE(
    "the step chosen for eps re-checks admissible and needs no more iterations than "
    "gamma_max or its halves",
    "[theory][step][property]") {
  constexpr int kSetsForEps = 25;
  std::mt19937_64 rng(20261201);
  int reached = 0;
  for (const Theorem* t : catalog()) {
    const auto& info = t->info();
    for (int i = 0; i < kSetsForEps; ++i) {
      CheckArgs args = random_args(info, rng);
      args.values.erase(Symbol::gamma);
      args.T.reset();
      args.eps = exact_decimal(random_double(rng, 1e-6, 10));
      CheckArgs best = args;
      best.gamma_for_eps = true;
      INFO(info.id << " (" << regime_name(info.regime) << ") set " << i << ", ε = " << *args.eps);
      const CheckResult r = check(best);
      const double step = convert<double>(r.inputs.at(Symbol::gamma).value);
      CHECK(admitted(check_at(args, shortest_decimal(step))));
      if (!r.iterations_to_eps || r.iterations_to_eps->never || !r.gamma_max.suggested) continue;
      ++reached;
      for (double scale : {1.0, 0.5, 0.25}) {
        const auto other = check_at(args, shortest_decimal(*r.gamma_max.suggested * scale));
        if (other.iterations_to_eps && !other.iterations_to_eps->never)
          CHECK(r.iterations_to_eps->count <= other.iterations_to_eps->count * (1 + 1e-9) + 1);
      }
    }
  }
  CHECK(reached > static_cast<int>(catalog().size()) * kSetsForEps / 4);
}

}  // namespace biasbound::theory

namespace biasbound::theory {

TEST_CASE(
    "nearest_double rounds every rational to the nearest double, ties to even, subnormals "
    "included",
    "[theory][suggest]") {
  std::mt19937_64 rng(1201);
  for (int i = 0; i < 5000; ++i) {
    // Any positive finite double, the subnormal end included.
    const auto x = std::bit_cast<double>(rng() & 0x7FEF'FFFF'FFFF'FFFFULL);
    if (!(x > 0)) continue;
    const double up = std::nextafter(x, HUGE_VAL);
    INFO(shortest_decimal(x));
    CHECK(nearest_double(exact_value(x)) == x);
    CHECK(nearest_double(*parse_decimal(shortest_decimal(x))) == x);
    // A quarter of the gap above x rounds down; three quarters rounds up.
    const Rational gap = exact_value(up) - exact_value(x);
    CHECK(nearest_double(exact_value(x) + gap / 4) == x);
    CHECK(nearest_double(exact_value(x) + 3 * gap / 4) == up);
    // The midpoint goes to the neighbour with an even last bit.
    const double even = (std::bit_cast<std::uint64_t>(x) & 1) == 0 ? x : up;
    CHECK(nearest_double(exact_value(x) + gap / 2) == even);
  }
  CHECK(nearest_double(*parse_decimal("1.653173882820026e-308")) == 1.653173882820026e-308);
  CHECK(nearest_double(Rational(1, 10)) == 0.1);
}

}  // namespace biasbound::theory

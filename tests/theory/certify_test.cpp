// Certified verdicts: exact rational decisions at the boundary, and the 50-digit path with its
// undecided band for conditions that are not rational in the inputs.

#include <catch2/catch.hpp>

#include <cmath>

#include "theory/certify.hpp"
#include "theory/decimal.hpp"
#include "theory/inputs.hpp"
#include "theory/step_size.hpp"
#include "theory_test_support.hpp"

namespace biasbound::theory {
namespace {

using namespace testing;

// The exact decimal expansion of a double (finite: its denominator is a power of two).
std::string exact_decimal(double x) {
  return format_exact(Rational(x));
}

// biased-sgd-nonconvex's inputs with γ read from decimal text, as the command line reads it.
Values<Rational> with_gamma_text(Values<Rational> v, const std::string& text) {
  v.gamma = parse_number(text, "--gamma");
  return v;
}

Verdict verdict_of(const Theorem& t, const Values<Rational>& v) {
  const auto conditions = certify(t, v);
  REQUIRE(conditions.size() == 1);
  CHECK(conditions[0].exact);
  CHECK(conditions[0].certified);
  return conditions[0].verdict;
}

TEST_CASE("a gamma exactly at the boundary is admissible, the next double above is not",
          "[theory][certify]") {
  const auto& t = statement("biased-sgd-nonconvex", Regime::nonconvex);

  SECTION("boundary 1/8, a double") {
    // L = 4, M = 1: γ_max = 1/((1 + 1)·4) = 1/8 = 0.125.
    const auto v = exact({{Symbol::L, q(4)}, {Symbol::M, q(1)}});
    CHECK(verdict_of(t, with_gamma_text(v, "0.125")) == Verdict::holds);
    const double above = std::nextafter(0.125, 1.0);
    CHECK(verdict_of(t, with_gamma_text(v, exact_decimal(above))) == Verdict::fails);
    const double below = std::nextafter(0.125, 0.0);
    CHECK(verdict_of(t, with_gamma_text(v, exact_decimal(below))) == Verdict::holds);
  }
  SECTION("boundary 1/10, not a double") {
    // L = 4, M = 3/2: γ_max = 1/(2.5·4) = 1/10. The double nearest 0.1 lies above it.
    const auto v = exact({{Symbol::L, q(4)}, {Symbol::M, q(3, 2)}});
    CHECK(verdict_of(t, with_gamma_text(v, "0.1")) == Verdict::holds);
    CHECK(Rational(0.1) > q(1, 10));
    CHECK(verdict_of(t, with_gamma_text(v, exact_decimal(0.1))) == Verdict::fails);
    CHECK(verdict_of(t, with_gamma_text(v, exact_decimal(std::nextafter(0.1, 0.0)))) ==
          Verdict::holds);
  }
  SECTION("a strict condition fails exactly at its boundary") {
    // unbiased-compressed-gd: γ < 2/(αL) = 1/3 for α = 3, L = 2.
    const auto& strict = statement("unbiased-compressed-gd", Regime::nonconvex);
    auto v = exact({{Symbol::L, q(2)}, {Symbol::alpha, q(3)}, {Symbol::gamma, q(1, 3)}});
    CHECK(verdict_of(strict, v) == Verdict::fails);
    v.gamma = q(1, 3) - q(1, 1000000000) / 1000000000;
    CHECK(verdict_of(strict, v) == Verdict::holds);
  }
}

TEST_CASE("50-digit verdicts are undecided within a relative 1e-30 of the boundary",
          "[theory][certify]") {
  const auto& t = statement("biased-sgd-nonconvex", Regime::nonconvex);
  auto v = convert_values<Wide>(exact({{Symbol::L, q(4)}, {Symbol::M, q(1)}}));
  const Wide boundary = Wide(1) / 8;
  const auto verdict_at = [&](const Wide& gamma) {
    v.gamma = gamma;
    const auto conditions = certify(t, v);
    CHECK_FALSE(conditions[0].exact);
    CHECK(conditions[0].certified == (conditions[0].verdict != Verdict::undecided));
    return conditions[0].verdict;
  };
  CHECK(verdict_at(boundary) == Verdict::undecided);
  CHECK(verdict_at(boundary * (1 + Wide("1e-35"))) == Verdict::undecided);
  CHECK(verdict_at(boundary * (1 - Wide("1e-35"))) == Verdict::undecided);
  CHECK(verdict_at(boundary * (1 + Wide("1e-25"))) == Verdict::fails);
  CHECK(verdict_at(boundary * (1 - Wide("1e-25"))) == Verdict::holds);
  CHECK(verdict_at(Wide(std::nextafter(0.125, 1.0))) == Verdict::fails);
}

// A statement whose condition involves a square root, γ ≤ 1/(2√α Lτ) (the sufficient step of
// delayed-compressed-gd-pl), so it cannot be decided in rational arithmetic.
struct SqrtCondition {
  static constexpr bool kRational = false;
  static TheoremInfo info() {
    return {.id = "sqrt-condition",
            .regime = Regime::nonconvex,
            .title = "test",
            .provenance = "[test]",
            .method = "test",
            .family = MethodFamily::kCompressedGd,
            .update = "test",
            .assumptions = {},
            .constants = {Symbol::L, Symbol::alpha, Symbol::tau},
            .parameters = {Symbol::gamma},
            .quantity = "avg_grad_norm2",
            .statement = "test",
            .rate = "O(1/T)",
            .residual = "0",
            .proof = "test"};
  }
  template <class S>
  static std::vector<Condition<S>> conditions(const Values<S>& v) {
    using std::sqrt;
    return {{"step size", "γ ≤ 1/(2√α Lτ)", v.gamma, 1 / (2 * sqrt(v.alpha) * v.L * v.tau)}};
  }
  template <class S>
  static GammaLimit<S> gamma_limit(const Values<S>&) {
    return GammaLimit<S>::unknown();  // left to bisection on purpose
  }
  template <class S>
  static BoundShape<S> shape(const Values<S>& v) {
    return BoundShape<S>::sublinear(2 * v.F0 / v.gamma, S(0), S(0));
  }
};

TEST_CASE("conditions that are not rational take the 50-digit path with the band",
          "[theory][certify]") {
  const FormulaTheorem<SqrtCondition> t;
  // α = 2, L = 1, τ = 3: the boundary 1/(6√2) is irrational.
  auto v = exact({{Symbol::L, q(1)}, {Symbol::alpha, q(2)}, {Symbol::tau, q(3)}});
  const Wide boundary = 1 / (6 * sqrt(Wide(2)));

  v.gamma = q(1, 10);  // 0.1 < 0.11785...
  auto conditions = certify(t, v);
  CHECK_FALSE(conditions[0].exact);
  CHECK(conditions[0].certified);
  CHECK(conditions[0].verdict == Verdict::holds);

  v.gamma = Rational(boundary * (1 + Wide("1e-20")));
  CHECK(combine(certify(t, v)) == Verdict::fails);
  v.gamma = Rational(boundary * (1 + Wide("1e-40")));
  conditions = certify(t, v);
  CHECK(conditions[0].verdict == Verdict::undecided);
  CHECK_FALSE(conditions[0].certified);

  SECTION("its gamma_max comes from bisection") {
    const auto limit = gamma_max(t, v);
    CHECK(limit.method == "bisection (50 digits)");
    CHECK(relative_error(limit.value, boundary) < Wide("1e-45"));
    CHECK_FALSE(limit.exact);
  }
}

TEST_CASE("combine: fails beats undecided beats holds", "[theory][certify]") {
  CertifiedCondition holds, fails, undecided;
  holds.verdict = Verdict::holds;
  fails.verdict = Verdict::fails;
  undecided.verdict = Verdict::undecided;
  CHECK(combine({}) == Verdict::holds);
  CHECK(combine({holds, holds}) == Verdict::holds);
  CHECK(combine({holds, undecided}) == Verdict::undecided);
  CHECK(combine({undecided, fails, holds}) == Verdict::fails);
}

}  // namespace
}  // namespace biasbound::theory

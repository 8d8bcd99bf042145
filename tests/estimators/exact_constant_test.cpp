// Closed-form compressor constants as exact text: the rational ones exactly, the irrational ones
// on their safe side (δ from below, α from above) and within 10⁻¹¹ of the closed form.

#include <catch2/catch.hpp>

#include <boost/multiprecision/cpp_int.hpp>
#include <cmath>
#include <string>

#include "estimators/exact_constant.hpp"
#include "estimators/pipeline.hpp"
#include "problems/dimension_only.hpp"

namespace biasbound::estimators {
namespace {

using Rational = boost::multiprecision::cpp_rational;

Rational read(const std::string& text) {
  const auto slash = text.find('/');
  if (slash == std::string::npos) return Rational(text);
  return Rational(boost::multiprecision::cpp_int(text.substr(0, slash)),
                  boost::multiprecision::cpp_int(text.substr(slash + 1)));
}

StageConstants constants_of(const std::string& spec, int dim) {
  const problems::DimensionOnly sized(dim, 1);
  const auto pipeline = Pipeline::parse_compressor(spec, sized);
  REQUIRE(pipeline.stages().size() == 1);
  return pipeline.stages().front()->constants();
}

// α = (a + b√n)/c exactly bounded: text ≥ the closed form, and (text·c − a)/b squared ≥ n.
void require_sqrt_bound(const std::string& text, long long a, long long b, long long n,
                        long long c) {
  const Rational bound = read(text);
  const Rational root = (bound * c - a) / b;
  CHECK(root * root >= Rational(n));
  const double closed = (a + b * std::sqrt(double(n))) / c;
  CHECK(bound.convert_to<double>() - closed < 1e-11 * closed);
}

}  // namespace

TEST_CASE("ratio_text reduces and drops a unit denominator", "[estimators][exact]") {
  CHECK(ratio_text(10, 500) == "1/50");
  CHECK(ratio_text(500, 10) == "50");
  CHECK(ratio_text(7, 3) == "7/3");
}

TEST_CASE("sqrt_form_above is exact on squares and an upper bound otherwise",
          "[estimators][exact]") {
  CHECK(sqrt_form_above(1, 1, 49, 2) == "4");  // (1 + 7)/2
  CHECK(sqrt_form_above(3, 1, 16, 3) == "7/3");
  require_sqrt_bound(sqrt_form_above(1, 1, 1000, 2), 1, 1, 1000, 2);
  require_sqrt_bound(sqrt_form_above(4, 1, 669706, 4), 4, 1, 669706, 4);
}

TEST_CASE("compressors state their delta and alpha exactly", "[estimators][exact]") {
  CHECK(constants_of("topk:k=10", 1000).delta_exact == "1/100");
  CHECK(constants_of("randk:k=8", 100).delta_exact == "2/25");
  CHECK(constants_of("randk:k=8,scaled=true", 100).alpha_exact == "25/2");
  CHECK(constants_of("scaledsign", 300).delta_exact == "1/300");
  // qsgd: 1 + d/s² when d ≤ s², else 1 + √d/s.
  CHECK(constants_of("qsgd:s=16", 200).alpha_exact == "57/32");
  require_sqrt_bound(constants_of("qsgd:s=4", 1000).alpha_exact, 4, 1, 1000, 4);
  require_sqrt_bound(constants_of("ternary", 1000).alpha_exact, 1, 1, 1000, 2);
  // The exact text and the double agree to the double's precision.
  for (const auto& [spec, dim] :
       std::initializer_list<std::pair<const char*, int>>{{"topk:k=7", 99}, {"qsgd:s=3", 50}}) {
    const auto c = constants_of(spec, dim);
    const double value = c.delta ? *c.delta : *c.alpha;
    const auto& text = c.delta ? c.delta_exact : c.alpha_exact;
    CHECK(std::abs(read(text).convert_to<double>() - value) <= 1e-11 * value);
  }
}

}  // namespace biasbound::estimators

// Decimal text in and out, exactly.

#include <catch2/catch.hpp>

#include "theory/decimal.hpp"
#include "theory_test_support.hpp"

namespace biasbound::theory {
namespace {

using testing::q;

TEST_CASE("parse_decimal reads decimal text as the exact rational", "[theory][decimal]") {
  CHECK(*parse_decimal("0.1") == q(1, 10));
  CHECK(*parse_decimal("3") == q(3));
  CHECK(*parse_decimal("-0.25") == q(-1, 4));
  CHECK(*parse_decimal("+.5") == q(1, 2));
  CHECK(*parse_decimal("5.") == q(5));
  CHECK(*parse_decimal("1e-3") == q(1, 1000));
  CHECK(*parse_decimal("2.5E+4") == q(25000));
  CHECK(*parse_decimal("0010.0100") == q(1001, 100));  // leading zeros are not octal
  CHECK(*parse_decimal("1e12") == q(1000000000000));
  CHECK(*parse_decimal("1/3") == q(1, 3));  // format_exact's p/q form reads back
  CHECK(*parse_decimal("-2.5/1e1") == q(-1, 4));
  for (const char* bad : {"", "abc", "nan", "inf", "-inf", "0x10", "1e", "e5", ".", "1.2.3", " 1",
                          "1 ", "1e+99999", "--1", "1/0", "/3", "1//3", "0x1/2"})
    CHECK_FALSE(parse_decimal(bad).has_value());
}

TEST_CASE("format_exact writes finite decimals exactly, others as p/q", "[theory][decimal]") {
  CHECK(format_exact(q(1, 80)) == "0.0125");
  CHECK(format_exact(q(-7, 4)) == "-1.75");
  CHECK(format_exact(q(12)) == "12");
  CHECK(format_exact(q(1, 3)) == "1/3");
  // The double nearest 0.1, digit for digit (its denominator is 2^55).
  CHECK(format_exact(Rational(0.1)) == "0.1000000000000000055511151231257827021181583404541015625");
  for (double x : {0.1, 1.0 / 3.0, 1e-300, 123456.789, 0.125})
    CHECK(*parse_decimal(format_exact(Rational(x))) == Rational(x));
}

TEST_CASE("format_number prints significant digits in %g style", "[theory][decimal]") {
  CHECK(format_number(Wide("0.0125"), 10) == "0.0125");
  CHECK(format_number(Wide(1) / 3, 5) == "0.33333");
  CHECK(format_number(Wide("1e-12"), 10) == "1e-12");
}

}  // namespace
}  // namespace biasbound::theory

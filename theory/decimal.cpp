#include "theory/decimal.hpp"

#include <cstdlib>
#include <ios>

namespace biasbound::theory {
namespace {

using boost::multiprecision::cpp_int;

constexpr long kMaxExponent = 4000;

cpp_int power_of_ten(long exponent) {
  return boost::multiprecision::pow(cpp_int(10), exponent);
}

// Removes every factor `p` from `x` and returns how many there were.
long strip_factor(cpp_int& x, unsigned p) {
  long count = 0;
  while (x % p == 0) {
    x /= p;
    ++count;
  }
  return count;
}

}  // namespace

std::optional<Rational> parse_decimal(std::string_view text) {
  const auto slash = text.find('/');
  if (slash != std::string_view::npos) {
    const auto p = parse_plain_decimal(text.substr(0, slash));
    const auto q = parse_plain_decimal(text.substr(slash + 1));
    if (!p || !q || *q == 0) return std::nullopt;
    return Rational(*p / *q);
  }
  return parse_plain_decimal(text);
}

std::optional<Rational> parse_plain_decimal(std::string_view text) {
  // [+-]? digits* (. digits*)? ([eE] [+-]? digits{1,9})?, the whole text, some digit present.
  // (A hand scanner: std::regex cost this file three quarters of its compile time.)
  const auto digits_at = [&](std::size_t& i) {
    const auto start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    return text.substr(start, i - start);
  };
  std::size_t i = 0;
  const bool negative = i < text.size() && text[i] == '-';
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  const std::string whole(digits_at(i));
  std::string fraction;
  if (i < text.size() && text[i] == '.') fraction = digits_at(++i);
  long exponent = 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    const bool exponent_negative = i < text.size() && text[i] == '-';
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    const auto e = digits_at(i);
    if (e.empty() || e.size() > 9) return std::nullopt;
    exponent = std::strtol(std::string(e).c_str(), nullptr, 10);
    if (exponent_negative) exponent = -exponent;
  }
  if (i != text.size() || (whole.empty() && fraction.empty())) return std::nullopt;
  const long scale = exponent - static_cast<long>(fraction.size());
  if (scale > kMaxExponent || scale < -kMaxExponent) return std::nullopt;

  // cpp_int reads a leading 0 as octal, so the digits go in without leading zeros.
  std::string digits = whole + fraction;
  digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size() - 1));
  Rational value{cpp_int(digits)};
  if (scale >= 0)
    value *= power_of_ten(scale);
  else
    value /= power_of_ten(-scale);
  return negative ? Rational(-value) : value;
}

std::string format_number(const Wide& x, int digits) {
  return x.str(digits, std::ios_base::fmtflags(0));
}

std::string format_exact(const Rational& x) {
  cpp_int rest = denominator(x);
  const long twos = strip_factor(rest, 2);
  const long fives = strip_factor(rest, 5);
  if (rest != 1) return x.str();

  // x = p / (2^a 5^b) = p·10^k / (2^a 5^b) / 10^k with k = max(a, b): an integer over 10^k.
  const long places = std::max(twos, fives);
  const cpp_int scaled = numerator(x) * power_of_ten(places) / denominator(x);
  std::string digits = cpp_int(boost::multiprecision::abs(scaled)).str();
  if (places > 0) {
    if (static_cast<long>(digits.size()) <= places)
      digits.insert(0, static_cast<std::size_t>(places + 1) - digits.size(), '0');
    digits.insert(digits.size() - static_cast<std::size_t>(places), ".");
  }
  return (scaled < 0 ? "-" : "") + digits;
}

std::string format_readable(const Rational& x, int digits) {
  auto exact = format_exact(x);
  if (exact.size() <= static_cast<std::size_t>(digits) + 6) return exact;
  return "≈" + format_number(Wide(x), digits);
}

}  // namespace biasbound::theory

#pragma once
// Numbers as decimal text, both ways. Inputs arrive as decimal strings so that conditions can be
// decided exactly: "0.1" is read as the rational 1/10, not as the nearest double.

#include <optional>
#include <string>
#include <string_view>

#include "theory/scalar.hpp"

namespace biasbound::theory {

/// Reads a whole string such as "3", "-0.25", ".5", "1e-3" or "2.5E+4" as an exact rational;
/// nullopt for anything else (including "nan", "inf", hex, blanks, and exponents beyond ±4000,
/// which would only build enormous integers).
std::optional<Rational> parse_plain_decimal(std::string_view text);

/// parse_plain_decimal, or a quotient "p/q" of two such decimals (q ≠ 0), as format_exact
/// prints rationals that have no finite decimal expansion.
std::optional<Rational> parse_decimal(std::string_view text);

/// `x` with `digits` significant digits, in %g style ("0.0125", "1e-12").
std::string format_number(const Wide& x, int digits);

/// An exact rational as a finite decimal when its denominator divides a power of ten
/// ("0.0125"), else as "p/q" ("1/3").
std::string format_exact(const Rational& x);

/// format_exact(x) when it is short, else "≈" and `digits` significant digits: for people
/// (a measured double such as 0.2023975527833892784634883810213... is exact but unreadable).
std::string format_readable(const Rational& x, int digits);

}  // namespace biasbound::theory

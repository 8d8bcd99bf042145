#pragma once
// The three scalar types of the theory module: exact rationals decide conditions that are
// rational in the inputs, 50-digit binary floats carry everything transcendental (powers of the
// rate, square roots, searches), and double serves callers that need speed over certainty.

#include <boost/multiprecision/cpp_bin_float.hpp>
#include <boost/multiprecision/cpp_int.hpp>

#include <type_traits>

namespace biasbound::theory {

using Rational = boost::multiprecision::cpp_rational;
using Wide = boost::multiprecision::cpp_bin_float_50;

/// True for the scalar type in which comparisons are exact.
template <class S>
inline constexpr bool is_exact_v = std::is_same_v<S, Rational>;

/// Converts between the scalar types. Float to rational is exact (every binary float is a
/// rational); rational to float rounds; double to Wide is exact.
template <class To, class From>
To convert(const From& x) {
  if constexpr (std::is_same_v<To, From>) {
    return x;
  } else if constexpr (std::is_same_v<From, Rational>) {
    if constexpr (std::is_same_v<To, double>)
      return x.template convert_to<double>();
    else
      return To(Wide(numerator(x)) / Wide(denominator(x)));
  } else if constexpr (std::is_same_v<To, Rational>) {
    return Rational(x);
  } else if constexpr (std::is_same_v<To, double>) {
    return x.template convert_to<double>();
  } else {
    return To(x);
  }
}

}  // namespace biasbound::theory

#include "estimators/exact_constant.hpp"

#include <boost/multiprecision/cpp_int.hpp>
#include <numeric>

namespace biasbound::estimators {
namespace {

using Int = boost::multiprecision::cpp_int;

std::string fraction_text(const Int& p, const Int& q) {
  const Int g = boost::multiprecision::gcd(p, q);
  const Int num = p / g, den = q / g;
  return den == 1 ? num.str() : num.str() + "/" + den.str();
}

}  // namespace

std::string ratio_text(long long p, long long q) {
  return fraction_text(Int(p), Int(q));
}

std::string sqrt_form_above(long long a, long long b, long long n, long long c) {
  const Int scale = boost::multiprecision::pow(Int(10), 12);
  const Int scaled = Int(n) * scale * scale;
  Int root = boost::multiprecision::sqrt(scaled);  // ⌊√n · 10¹²⌋
  if (root * root < scaled) root += 1;             // now ⌈√n · 10¹²⌉
  return fraction_text(Int(a) * scale + Int(b) * root, Int(c) * scale);
}

}  // namespace biasbound::estimators

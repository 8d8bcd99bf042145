#include "validators/quantity_curve.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>

namespace biasbound::validators {

bool needs_virtual_sequence(std::string_view name) {
  return name == "momentum_lyapunov";
}

std::vector<double> quantity_curve(std::string_view name, const methods::SeedTrace& trace,
                                   const QuantityInputs& in) {
  const auto& g = trace.grad_norm2;
  const std::size_t n = trace.f.size();
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> q(n, nan);
  if (name == "avg_grad_norm2") {
    double sum = 0;
    for (std::size_t T = 1; T < n; ++T) q[T] = (sum += g[T - 1]) / static_cast<double>(T);
  } else if (name == "min_grad_norm2") {
    for (std::size_t T = 1; T < n; ++T) q[T] = T == 1 ? g[0] : std::min(q[T - 1], g[T - 1]);
  } else if (name == "min_grad_norm2_incl_T") {
    for (std::size_t T = 0; T < n; ++T) q[T] = T == 0 ? g[0] : std::min(q[T - 1], g[T]);
  } else if (name == "f_gap_last") {
    for (std::size_t T = 0; T < n; ++T) q[T] = trace.f[T] - in.f_star;
  } else if (name == "momentum_lyapunov") {
    if (trace.f_virtual.size() != n)
      throw std::invalid_argument("momentum_lyapunov needs the virtual sequence in the trace");
    for (std::size_t T = 0; T < n; ++T)
      q[T] = trace.f_virtual[T] - in.f_star + in.lyapunov_a * trace.v_norm2[T];
  } else {
    throw std::invalid_argument("unknown quantity '" + std::string(name) + "'");
  }
  return q;
}

}  // namespace biasbound::validators

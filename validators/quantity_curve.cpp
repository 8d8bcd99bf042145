#include "validators/quantity_curve.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>

#include "theory/quantity.hpp"

namespace biasbound::validators {

bool needs_virtual_sequence(std::string_view name) {
  return theory::quantity_info(name).needs_virtual_sequence;
}

std::vector<double> quantity_curve(std::string_view name, const methods::SeedTrace& trace,
                                   const QuantityInputs& in) {
  using theory::Quantity;
  const auto& info = theory::quantity_info(name);
  const auto& g = trace.grad_norm2;
  const std::size_t n = trace.f.size();
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> q(n, nan);
  if (info.needs_virtual_sequence && trace.f_virtual.size() != n)
    throw std::invalid_argument(std::string(name) + " needs the virtual sequence in the trace");
  switch (info.id) {
    case Quantity::kAvgGradNorm2: {
      double sum = 0;
      for (std::size_t T = 1; T < n; ++T) q[T] = (sum += g[T - 1]) / static_cast<double>(T);
      break;
    }
    case Quantity::kMinGradNorm2:
      for (std::size_t T = 1; T < n; ++T) q[T] = T == 1 ? g[0] : std::min(q[T - 1], g[T - 1]);
      break;
    case Quantity::kMinGradNorm2InclT:
      for (std::size_t T = 0; T < n; ++T) q[T] = T == 0 ? g[0] : std::min(q[T - 1], g[T]);
      break;
    case Quantity::kFGapLast:
      for (std::size_t T = 0; T < n; ++T) q[T] = trace.f[T] - in.f_star;
      break;
    case Quantity::kMomentumLyapunov:
      for (std::size_t T = 0; T < n; ++T)
        q[T] = trace.f_virtual[T] - in.f_star + in.lyapunov_a * trace.v_norm2[T];
      break;
  }
  return q;
}

}  // namespace biasbound::validators

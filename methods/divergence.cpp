#include "methods/divergence.hpp"

#include <fmt/format.h>

#include <cmath>

namespace biasbound::methods {

std::optional<std::string> divergence(const Observation& at, long long k) {
  if (std::isfinite(at.f) && std::isfinite(at.grad_norm2)) return std::nullopt;
  return fmt::format("diverged at iteration {}: f(x_{}) = {}, ||grad f||^2 = {}", k, k, at.f,
                     at.grad_norm2);
}

std::optional<std::string> divergence(const Observation& before, const problems::Vector& next,
                                      long long k) {
  if (auto why = divergence(before, k)) return why;
  if (next.allFinite()) return std::nullopt;
  return fmt::format("diverged at iteration {}: the iterate x_{} is not finite", k + 1, k + 1);
}

}  // namespace biasbound::methods

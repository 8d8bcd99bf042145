#include "validators/resource_limits.hpp"

#include <fmt/format.h>

#include "core/memory.hpp"

namespace biasbound::validators {
namespace {

// A probe point's record and statistics besides its coordinates (methods::measure).
constexpr double kBytesPerPoint = 300;

}  // namespace

void check_measure_memory(const Scenario& s, int dim) {
  core::require_memory(
      s.points * (kBytesPerPoint + 8.0 * dim),
      fmt::format("scenario '{}': measure.points = {} with d = {}", s.origin, s.points, dim));
}

void check_trace_memory(const Scenario& s, int seeds, bool virtual_sequence) {
  // Per iterate and seed: the trace's f and ‖∇f‖² (and f(z), ‖v‖²), the seed's quantity curve;
  // per iterate once: the bound and the mean, limits and fit of the quantity.
  const double per_seed = virtual_sequence ? 5 : 3;
  const double iterates = static_cast<double>(s.iterations) + 1;
  core::require_memory(
      8 * iterates * (per_seed * seeds + 5),
      fmt::format("scenario '{}': method.iterations = {} with {} seed(s) (every seed's trace "
                  "is kept in memory for the comparison)",
                  s.origin, s.iterations, seeds));
}

}  // namespace biasbound::validators

#pragma once
// One seed's record of a run: per iterate k = 0..T what the theorems bound, f(x_k) and
// ‖∇f(x_k)‖², and for server momentum f(z_k) and ‖v_{k−1}‖² of the virtual sequence
// z_k = x_k − γ((1 − β)/β) v_{k−1} (momentum-pl's Lyapunov function). A run that stopped early
// says why: it diverged (methods/divergence.hpp), or a callback stopped it.

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace biasbound::methods {

struct SeedTrace {
  std::uint64_t seed = 0;
  std::vector<double> f;
  std::vector<double> grad_norm2;
  std::vector<double> f_virtual;  // f(z_k), when recorded (callbacks::VirtualSequence)
  std::vector<double> v_norm2;    // ‖v_{k−1}‖² (0 at k = 0), likewise
  // Cumulative bits of the rounds before x_k (0 at k = 0): what reaching x_k cost, under the
  // bit-cost model (methods/communicator.hpp), workers → server and server → workers.
  std::vector<double> bits_up;
  std::vector<double> bits_down;
  std::optional<std::string> divergence;  // "diverged at iteration k: ..." (the trace stops there)
  std::optional<std::string> stopped;     // why a callback ended the run early

  /// The first iterate that is not finite: the last row when it holds the non-finite value,
  /// else the iterate after the last row (x_{k+1} itself left the finite numbers).
  long long divergence_iteration() const {
    const auto rows = static_cast<long long>(f.size());
    const bool last_finite =
        rows > 0 && std::isfinite(f.back()) && std::isfinite(grad_norm2.back());
    return last_finite ? rows : rows - 1;
  }
};

}  // namespace biasbound::methods

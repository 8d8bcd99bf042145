#pragma once
// The runs of one method over several seeds, as a typed result: every seed's trace, the traffic
// they caused, and a brief report.

#include <string>
#include <vector>

#include "core/json_io.hpp"
#include "methods/communicator.hpp"
#include "methods/trace.hpp"

namespace biasbound::methods {

struct Traces {
  std::string method;            // the catalog's name, e.g. "server-momentum"
  long long iterations = 0;      // T asked for (a seed that stopped early has fewer rows)
  std::vector<SeedTrace> seeds;  // in seed order
  Traffic traffic;               // every seed's rounds together

  /// Seeds that diverged (their traces stop there).
  int diverged() const;
  /// One line: the method, seeds × iterations, f(x_T) over the seeds, divergences.
  std::string brief_report() const;
  /// Every seed's f and ‖∇f‖² per iterate, its divergence or stop, and the traffic.
  core::Json to_json() const;
};

}  // namespace biasbound::methods

#pragma once
// The one divergence rule of every run (THEORY.md §4 methods, any estimator): a run diverged at
// iterate k when f(x_k) or ‖∇f(x_k)‖² is not finite, or when a step produced an iterate x_k
// with a non-finite coordinate. The run stops there; its trace keeps every iterate up to it.

#include <optional>
#include <string>

#include "methods/method.hpp"

namespace biasbound::methods {

/// Why the step from x_k (observed as `before`, leaving `next` = x_{k+1}) makes the run unusable,
/// if it does: "diverged at iteration k: ..." naming the iterate.
std::optional<std::string> divergence(const Observation& before, const problems::Vector& next,
                                      long long k);

/// The same for an observation without a step (the last iterate x_T).
std::optional<std::string> divergence(const Observation& at, long long k);

}  // namespace biasbound::methods

#pragma once
// What a scenario must be for the iag-pl statements to apply (THEORY.md §4). The server reuses
// every worker's last message, so:
//   - the compressor must be deterministic: a random C's draw is reused until its worker
//     refreshes, so its noise is not fresh at each step, which the proof needs;
//   - it must be unbiased (a deterministic unbiased C is the identity): the proof writes the
//     step as a delayed gradient step;
//   - the refresh order must be cyclic: a random order does not bound the staleness by n − 1.

#include "problems/problem.hpp"
#include "theory/theorem.hpp"
#include "validators/scenario.hpp"

namespace biasbound::validators {

/// An InputError naming the scenario key (method.order, [estimator] compressor) and saying why
/// when `scenario` asks for what the IAG statement `info` does not cover.
void require_iag_setup(const Scenario& scenario, const theory::TheoremInfo& info,
                       const problems::Problem& problem);

}  // namespace biasbound::validators

#pragma once
// Block smoothness (block-coordinate-pl, THEORY.md §4): for each block b of a partition,
// L_b bounds the curvature of f along block b alone (‖∇²_bb f‖₂), and L_blk = max_b L_b.
// Analytic for a quadratic: the largest eigenvalue of each diagonal block of A. Otherwise by
// power iteration on the block's Hessian-vector products (the block as a problem of its own,
// problems/block_view.hpp) at x₀ and x*, the larger: a lower estimate away from them, as for L.

#include <vector>

#include "problems/block_partition.hpp"
#include "problems/problem.hpp"
#include "validators/problem_constants.hpp"

namespace biasbound::validators {

struct BlockSmoothness {
  Sourced L_blk;                  // max_b L_b and how it was obtained
  std::vector<double> per_block;  // L_b
};

/// `points` are where the non-analytic estimate probes the curvature (x₀, x*); ignored for a
/// quadratic.
BlockSmoothness block_smoothness(const problems::Problem& problem,
                                 const problems::BlockPartition& partition,
                                 const std::vector<problems::Vector>& points);

}  // namespace biasbound::validators

#include "validators/block_smoothness.hpp"

#include <fmt/format.h>

#include <Eigen/Eigenvalues>
#include <algorithm>

#include "core/error.hpp"
#include "problems/block_view.hpp"
#include "problems/quadratic.hpp"
#include "validators/smoothness.hpp"

namespace biasbound::validators {
namespace {

// λ_max of each diagonal block of the mean A = (1/n) Σ_i A_i.
std::vector<double> quadratic_blocks(const problems::Quadratic& q,
                                     const problems::BlockPartition& partition) {
  Eigen::MatrixXd A = Eigen::MatrixXd::Zero(q.dim(), q.dim());
  for (int w = 0; w < q.workers(); ++w) A += q.worker_matrix(w);
  A /= q.workers();
  std::vector<double> L;
  for (int b = 0; b < partition.blocks(); ++b) {
    const int s = partition.start(b);
    const int size = partition.size(b);
    const Eigen::MatrixXd block = A.block(s, s, size, size);
    L.push_back(Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(block, Eigen::EigenvaluesOnly)
                    .eigenvalues()
                    .maxCoeff());
  }
  return L;
}

// ‖∇²_bb f‖₂ by power iteration at each point, the largest.
std::vector<double> probed_blocks(const problems::Problem& problem,
                                  const problems::BlockPartition& partition,
                                  const std::vector<problems::Vector>& points) {
  if (points.empty()) throw core::input_error("block smoothness: no point to probe");
  std::vector<double> L(static_cast<std::size_t>(partition.blocks()), 0.0);
  for (const auto& x : points)
    for (int b = 0; b < partition.blocks(); ++b) {
      const problems::BlockView block(problem, partition, b, x);
      const auto estimate = hessian_norm(block, block.initial_point());
      auto& Lb = L[static_cast<std::size_t>(b)];
      Lb = std::max(Lb, estimate.lambda_max);
    }
  return L;
}

}  // namespace

BlockSmoothness block_smoothness(const problems::Problem& problem,
                                 const problems::BlockPartition& partition,
                                 const std::vector<problems::Vector>& points) {
  if (partition.dim() != problem.dim())
    throw core::input_error(
        "block smoothness: the partition covers {} coordinates, problem '{}' "
        "has {}",
        partition.dim(), problem.name(), problem.dim());
  BlockSmoothness out;
  const auto* quadratic = dynamic_cast<const problems::Quadratic*>(&problem);
  out.per_block = quadratic ? quadratic_blocks(*quadratic, partition)
                            : probed_blocks(problem, partition, points);
  out.L_blk.value = *std::max_element(out.per_block.begin(), out.per_block.end());
  out.L_blk.source =
      quadratic
          ? fmt::format("analytic: max over the {} blocks of λ_max of the diagonal block of A",
                        partition.blocks())
          : fmt::format(
                "power iteration on each of the {} blocks' Hessian-vector products at "
                "{} points (the largest; L_blk is a supremum over all x, so this is a "
                "lower estimate away from them)",
                partition.blocks(), points.size());
  return out;
}

}  // namespace biasbound::validators

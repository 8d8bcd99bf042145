#pragma once
// One block of a problem's coordinates as a problem of its own: f_b(z) = f(x with block b set
// to z), the other coordinates held at a base point, so ∇f_b(z) = ∇_b f. Its dimension is the
// block's, which is what a compressor spec is resolved against when the compressor is applied
// block by block (rand-k's frac, k ≤ d_b), and its Hessian is the block's diagonal block of
// ∇²f, whose largest eigenvalue is the block smoothness L_b at the base point.

#include "problems/block_partition.hpp"
#include "problems/problem.hpp"

namespace biasbound::problems {

class BlockView final : public Problem {
 public:
  /// `problem` must outlive the view; `base` is the full point (dimension problem.dim()).
  BlockView(const Problem& problem, const BlockPartition& partition, int block, Vector base);

  std::string name() const override;
  int dim() const override { return size_; }
  int workers() const override { return problem_.workers(); }
  /// The block of the base point.
  Vector initial_point() const override { return base_.segment(start_, size_); }
  double worker_value_gradient(int worker, ConstVectorRef z, VectorRef grad) const override;
  double worker_value(int worker, ConstVectorRef z) const override;
  /// None in closed form (the parent's L and μ are not the block's); the gradient's roundoff
  /// is the parent's.
  AnalyticConstants constants() const override;
  core::Json describe() const override;

 private:
  Vector full_point(ConstVectorRef z) const;

  const Problem& problem_;
  int block_;
  int start_;
  int size_;
  Vector base_;
};

}  // namespace biasbound::problems

#include "problems/block_view.hpp"

#include <fmt/format.h>

#include "core/error.hpp"

namespace biasbound::problems {

BlockView::BlockView(const Problem& problem, const BlockPartition& partition, int block,
                     Vector base)
    : problem_(problem), block_(block), base_(std::move(base)) {
  if (partition.dim() != problem.dim())
    throw core::input_error("block view: the partition covers {} coordinates, problem '{}' has {}",
                            partition.dim(), problem.name(), problem.dim());
  if (block < 0 || block >= partition.blocks())
    throw core::input_error("block view: block {} of {} does not exist", block, partition.blocks());
  if (base_.size() != problem.dim())
    throw core::input_error("block view: base point has dimension {}, problem '{}' has {}",
                            base_.size(), problem.name(), problem.dim());
  start_ = partition.start(block);
  size_ = partition.size(block);
}

std::string BlockView::name() const {
  return fmt::format("{} (block {})", problem_.name(), block_);
}

// Allocates: a view serves setup (compressor specs, block smoothness), not per-step loops.
Vector BlockView::full_point(ConstVectorRef z) const {
  Vector x = base_;
  x.segment(start_, size_) = z;
  return x;
}

double BlockView::worker_value_gradient(int worker, ConstVectorRef z, VectorRef grad) const {
  Vector full(problem_.dim());
  const double value = problem_.worker_value_gradient(worker, full_point(z), full);
  grad = full.segment(start_, size_);
  return value;
}

double BlockView::worker_value(int worker, ConstVectorRef z) const {
  return problem_.worker_value(worker, full_point(z));
}

AnalyticConstants BlockView::constants() const {
  AnalyticConstants c;
  c.gradient_epsilon = problem_.constants().gradient_epsilon;
  c.note = "a block of the problem: no closed-form constants";
  return c;
}

core::Json BlockView::describe() const {
  return {{"block_of", problem_.describe()}, {"block", block_}, {"start", start_}, {"size", size_}};
}

}  // namespace biasbound::problems

#include "problems/problem.hpp"

#include "core/error.hpp"

namespace biasbound::problems {

void Problem::worker_batch_gradient(int, std::span<const int>, ConstVectorRef, VectorRef) const {
  throw core::input_error("problem '{}' is not a finite sum: it has no examples to sample", name());
}

std::optional<HeldOutMetrics> Problem::test_metrics(ConstVectorRef x) const {
  const auto m = classification_metrics(x);
  if (!m || !m->test_loss || !m->test_accuracy) return std::nullopt;
  return HeldOutMetrics{*m->test_loss, *m->test_accuracy};
}

double value_gradient(const Problem& problem, ConstVectorRef x, VectorRef grad) {
  Vector worker_grad(problem.dim());
  grad.setZero();
  double f = 0;
  for (int i = 0; i < problem.workers(); ++i) {
    f += problem.worker_value_gradient(i, x, worker_grad);
    grad += worker_grad;
  }
  grad /= problem.workers();
  return f / problem.workers();
}

double value(const Problem& problem, ConstVectorRef x) {
  double f = 0;
  for (int i = 0; i < problem.workers(); ++i) f += problem.worker_value(i, x);
  return f / problem.workers();
}

}  // namespace biasbound::problems

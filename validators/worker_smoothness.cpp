#include "validators/worker_smoothness.hpp"

#include <fmt/format.h>

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "problems/quadratic.hpp"
#include "validators/smoothness.hpp"

namespace biasbound::validators {
namespace {

// One worker's f_i as a problem of its own (one worker), so the power iteration that measures
// L on f measures L_i on f_i.
class OneWorker final : public problems::Problem {
 public:
  OneWorker(const problems::Problem& problem, int worker) : problem_(problem), worker_(worker) {}

  std::string name() const override {
    return fmt::format("{} worker {}", problem_.name(), worker_);
  }
  int dim() const override { return problem_.dim(); }
  int workers() const override { return 1; }
  double worker_value_gradient(int /*worker*/, problems::ConstVectorRef x,
                               problems::VectorRef grad) const override {
    return problem_.worker_value_gradient(worker_, x, grad);
  }
  double worker_value(int /*worker*/, problems::ConstVectorRef x) const override {
    return problem_.worker_value(worker_, x);
  }
  problems::AnalyticConstants constants() const override {
    problems::AnalyticConstants c;
    c.gradient_epsilon = problem_.constants().gradient_epsilon;
    c.note = "one worker of the problem: no closed-form constants";
    return c;
  }
  core::Json describe() const override {
    return {{"worker_of", problem_.describe()}, {"worker", worker_}};
  }

 private:
  const problems::Problem& problem_;
  int worker_;
};

// ‖A_i‖₂ = max |λ(A_i)|: a worker's quadratic need not be convex when the workers differ.
std::vector<double> quadratic_workers(const problems::Quadratic& q) {
  std::vector<double> L;
  for (int w = 0; w < q.workers(); ++w) {
    const Eigen::VectorXd eigenvalues =
        Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(q.worker_matrix(w), Eigen::EigenvaluesOnly)
            .eigenvalues();
    double norm = 0;
    for (const double lambda : eigenvalues) norm = std::max(norm, std::abs(lambda));
    L.push_back(norm);
  }
  return L;
}

// ‖∇²f_i‖₂ by power iteration at each point, the largest.
std::vector<double> probed_workers(const problems::Problem& problem,
                                   const std::vector<problems::Vector>& points) {
  if (points.empty()) throw core::input_error("worker smoothness: no point to probe");
  std::vector<double> L(static_cast<std::size_t>(problem.workers()), 0.0);
  for (int w = 0; w < problem.workers(); ++w) {
    const OneWorker shard(problem, w);
    for (const auto& x : points) {
      auto& Lw = L[static_cast<std::size_t>(w)];
      Lw = std::max(Lw, hessian_norm(shard, x).lambda_max);
    }
  }
  return L;
}

}  // namespace

WorkerSmoothness worker_smoothness(const problems::Problem& problem,
                                   const std::vector<problems::Vector>& points) {
  WorkerSmoothness out;
  const auto* quadratic = dynamic_cast<const problems::Quadratic*>(&problem);
  out.per_worker = quadratic ? quadratic_workers(*quadratic) : probed_workers(problem, points);
  out.L_max.value = *std::max_element(out.per_worker.begin(), out.per_worker.end());
  out.L_max.source =
      quadratic
          ? fmt::format("analytic: max over the {} workers of λ_max(A_i) (largest |eigenvalue|)",
                        problem.workers())
          : fmt::format(
                "power iteration on each of the {} workers' Hessian-vector products at {} "
                "points (the largest; L_max is a supremum over all x, so this is a lower "
                "estimate away from them)",
                problem.workers(), points.size());
  return out;
}

}  // namespace biasbound::validators

#pragma once
// f_i(x) = ½ xᵀA_i x − b_iᵀx with a controlled spectrum: the mean A = (1/n) Σ A_i has
// eigenvalues log-spaced from μ to L in a random orthonormal basis, so f is L-smooth and
// μ-strongly convex exactly. Heterogeneity h perturbs each worker's eigenvalues by factors in
// [1 − h, 1 + h] and its linear term, both with zero mean over workers (f is unchanged).

#include <cstdint>
#include <vector>

#include "problems/problem.hpp"

namespace biasbound::problems {

struct QuadraticOptions {
  int dim = 20;
  double L = 1.0;
  double mu = 0.01;
  double heterogeneity = 0.0;
  std::uint64_t seed = 0;
};

class Quadratic final : public Problem {
 public:
  Quadratic(const QuadraticOptions& options, int workers);

  std::string name() const override { return "quadratic"; }
  int dim() const override { return options_.dim; }
  int workers() const override { return static_cast<int>(a_.size()); }
  double worker_value_gradient(int worker, ConstVectorRef x, VectorRef grad) const override;
  double worker_value(int worker, ConstVectorRef x) const override;
  AnalyticConstants constants() const override;
  core::Json describe() const override;

  const Eigen::MatrixXd& worker_matrix(int worker) const {
    return a_[static_cast<std::size_t>(worker)];
  }
  const Vector& worker_linear(int worker) const { return b_[static_cast<std::size_t>(worker)]; }

 private:
  QuadraticOptions options_;
  std::vector<Eigen::MatrixXd> a_;
  std::vector<Vector> b_;
  Vector x_star_;
  double f_star_ = 0;
};

}  // namespace biasbound::problems

#pragma once
// f_i(x) = ½ Σ_j a_j x_j² − b_iᵀx: a problem small enough to step through by hand.

#include <utility>
#include <vector>

#include "problems/problem.hpp"

namespace biasbound::testing {

class SeparableQuadratic final : public problems::Problem {
 public:
  SeparableQuadratic(Eigen::VectorXd a, std::vector<Eigen::VectorXd> b)
      : a_(std::move(a)), b_(std::move(b)) {}

  std::string name() const override { return "separable"; }
  int dim() const override { return static_cast<int>(a_.size()); }
  int workers() const override { return static_cast<int>(b_.size()); }
  double worker_value_gradient(int worker, problems::ConstVectorRef x,
                               problems::VectorRef grad) const override {
    const auto& b = b_[static_cast<std::size_t>(worker)];
    grad = a_.cwiseProduct(x) - b;
    return worker_value(worker, x);
  }
  double worker_value(int worker, problems::ConstVectorRef x) const override {
    return 0.5 * x.dot(a_.cwiseProduct(x)) - b_[static_cast<std::size_t>(worker)].dot(x);
  }
  problems::AnalyticConstants constants() const override { return {}; }
  core::Json describe() const override { return {{"name", "separable"}}; }

 private:
  Eigen::VectorXd a_;
  std::vector<Eigen::VectorXd> b_;
};

}  // namespace biasbound::testing

#pragma once
// `meta-linreg`: meta-learning over linear-regression tasks, the MAML objective with one exact
// inner gradient step. Task t has N examples (a_j, y_j) and
//   ℓ_t(x) = (1/(2N)) Σ_j (a_jᵀx − y_j)²,   H_t = A_tᵀA_t / N,   c_t = A_tᵀy_t / N,
//   f_t(x) = ℓ_t(x − α∇ℓ_t(x)).
// With P_t = I − αH_t the inner step is x − α∇ℓ_t(x) = P_t x + αc_t, so
//   f_t(x) = (1/(2N)) ‖A_tP_t x − (y_t − αA_tc_t)‖²,
// itself a least-squares problem in x: f_i (the mean of f_t over worker i's tasks) and
// f = (1/n) Σ_i f_i are quadratics whose Hessian Σ_t w_t P_tH_tP_t, minimiser and extreme
// eigenvalues are computed exactly.
// Data: w_t = w₀ + spread·N(0, I)/√d with w₀ ~ N(0, I)/√d; a_j = s_t·N(0, I) with a per-task scale
// s_t ~ U[0.5, 1.5], so tasks differ in curvature; y_j = a_jᵀw_t + noise·N(0, 1). Workers own
// contiguous blocks of tasks whose sizes differ by at most one.

#include <Eigen/Core>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "problems/problem.hpp"

namespace biasbound::problems {

using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// ℓ(x) = (1/(2N)) ‖Ax − y‖² over N rows; rows are contiguous so sampled rows are cheap to read.
struct LeastSquares {
  RowMatrix features;  // A: row j is a_jᵀ
  Vector targets;      // y

  int examples() const { return static_cast<int>(targets.size()); }
  /// Returns weight·ℓ(x) and adds weight·∇ℓ(x) to grad, in one pass without allocating.
  double add_value_gradient(ConstVectorRef x, double weight, VectorRef grad) const;
  double value(ConstVectorRef x) const;
};

struct MetaLinRegOptions {
  int tasks = 8;  // in total, at least one per worker
  int dim = 10;
  int examples = 50;  // per task
  double alpha = 0.1;
  double noise = 0.1;
  double spread = 1.0;
  std::uint64_t seed = 0;
};

class MetaLinReg final : public Problem {
 public:
  /// `where` prefixes every error about the options, e.g. "problem 'meta-linreg:d=0'".
  MetaLinReg(const MetaLinRegOptions& options, int workers,
             const std::string& where = "problem 'meta-linreg'");

  std::string name() const override { return "meta-linreg"; }
  int dim() const override { return options_.dim; }
  int workers() const override { return static_cast<int>(offsets_.size()) - 1; }
  double worker_value_gradient(int worker, ConstVectorRef x, VectorRef grad) const override;
  double worker_value(int worker, ConstVectorRef x) const override;
  AnalyticConstants constants() const override;
  core::Json describe() const override;

  /// The inner step α of every f_t.
  double alpha() const { return options_.alpha; }
  int worker_tasks(int worker) const;
  /// The regression data of task `local` (0-based) of worker i: its inner loss ℓ_t.
  const LeastSquares& task(int worker, int local) const;

 private:
  void solve_meta_quadratic();

  MetaLinRegOptions options_;
  std::vector<int> offsets_;        // worker i owns tasks [offsets_[i], offsets_[i+1])
  std::vector<LeastSquares> loss_;  // ℓ_t: (A_t, y_t)
  std::vector<LeastSquares> meta_;  // f_t: (A_tP_t, y_t − αA_tc_t)
  double L_ = 0;
  std::optional<double> mu_;
  std::optional<Vector> x_star_;
  std::optional<double> f_star_;
};

}  // namespace biasbound::problems

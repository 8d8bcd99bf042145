#include "problems/meta_linreg.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <algorithm>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <cmath>

#include "core/error.hpp"
#include "core/rng.hpp"

namespace biasbound::problems {
namespace {

// Task data and their meta least-squares rows cost 2·tasks·examples·d doubles.
constexpr double kMaxStoredEntries = 1u << 27;
// The exact constants need the dense d × d meta-Hessian and its eigendecomposition.
constexpr int kMaxDim = 4096;
// λ_min at or below this fraction of λ_max is rounding noise: the Hessian is treated as singular.
constexpr double kSingularRatio = 1e-10;
// Rows per block: a block's residuals live on the stack and its rows stay in cache between the
// forward product and the gradient accumulation.
constexpr Eigen::Index kResidualBlock = 32;

void validate(const MetaLinRegOptions& o, int workers, const std::string& where) {
  if (workers < 1) throw core::input_error("{}: workers = {}: must be at least 1", where, workers);
  if (o.tasks < workers)
    throw core::input_error("{}: tasks must be >= the number of workers ({}), got {}", where,
                            workers, o.tasks);
  if (o.dim < 1 || o.dim > kMaxDim)
    throw core::input_error("{}: d must be in [1, {}] (the meta-Hessian is dense), got {}", where,
                            kMaxDim, o.dim);
  if (o.examples < 1)
    throw core::input_error("{}: examples must be >= 1, got {}", where, o.examples);
  const auto check_nonnegative = [&](const char* key, double value) {
    if (!(std::isfinite(value) && value >= 0))
      throw core::input_error("{}: {} must be a finite number >= 0, got {}", where, key, value);
  };
  check_nonnegative("alpha", o.alpha);
  check_nonnegative("noise", o.noise);
  check_nonnegative("spread", o.spread);
  const double entries = 2.0 * o.tasks * o.examples * o.dim;
  if (entries > kMaxStoredEntries)
    throw core::input_error("{}: tasks x examples x d needs {} stored entries; the limit is {}",
                            where, entries, kMaxStoredEntries);
}

Vector gaussian(int size, core::Rng& rng) {
  boost::random::normal_distribution<double> normal;
  Vector v(size);
  for (auto& value : v) value = normal(rng);
  return v;
}

LeastSquares make_task(const MetaLinRegOptions& o, const Vector& w0, core::Rng& rng) {
  boost::random::uniform_real_distribution<double> uniform_scale(0.5, 1.5);
  boost::random::normal_distribution<double> normal;
  const double scale = uniform_scale(rng);
  const Vector w = w0 + o.spread * gaussian(o.dim, rng) / std::sqrt(double(o.dim));
  LeastSquares task{RowMatrix(o.examples, o.dim), Vector(o.examples)};
  for (int j = 0; j < o.examples; ++j) {
    for (int c = 0; c < o.dim; ++c) task.features(j, c) = scale * normal(rng);
    task.targets[j] = task.features.row(j).dot(w) + o.noise * normal(rng);
  }
  return task;
}

// f_t as least squares: rows a_jᵀP_t and targets y_j − α a_jᵀc_t (see the header).
LeastSquares meta_task(const LeastSquares& task, double alpha) {
  const double n = task.examples();
  const Eigen::MatrixXd h = task.features.transpose() * task.features / n;
  const Vector c = task.features.transpose() * task.targets / n;
  return {task.features - alpha * (task.features * h), task.targets - alpha * (task.features * c)};
}

// ½ Σ_j (a_jᵀx − y_j)², adding scale · Σ_j a_j (a_jᵀx − y_j) to *grad when grad is non-null.
double residual_pass(const LeastSquares& ls, ConstVectorRef x, double scale, VectorRef* grad) {
  Eigen::Matrix<double, kResidualBlock, 1> residual;
  const Eigen::Index rows = ls.targets.size();
  double sum = 0;
  for (Eigen::Index begin = 0; begin < rows; begin += kResidualBlock) {
    const Eigen::Index m = std::min(kResidualBlock, rows - begin);
    const auto block = ls.features.middleRows(begin, m);
    auto r = residual.head(m);
    r.noalias() = block * x;
    r -= ls.targets.segment(begin, m);
    sum += r.squaredNorm();
    if (grad) grad->noalias() += scale * (block.transpose() * r);
  }
  return 0.5 * sum;
}

}  // namespace

double LeastSquares::add_value_gradient(ConstVectorRef x, double weight, VectorRef grad) const {
  const double scale = weight / examples();
  return scale * residual_pass(*this, x, scale, &grad);
}

double LeastSquares::value(ConstVectorRef x) const {
  return residual_pass(*this, x, 0, nullptr) / examples();
}

MetaLinReg::MetaLinReg(const MetaLinRegOptions& options, int workers, const std::string& where)
    : options_(options) {
  validate(options, workers, where);
  for (int i = 0; i <= workers; ++i)
    offsets_.push_back(static_cast<int>(static_cast<long long>(i) * options.tasks / workers));
  auto rng = core::make_stream(options.seed, core::StreamPurpose::kData);
  const Vector w0 = gaussian(options.dim, rng) / std::sqrt(double(options.dim));
  for (int t = 0; t < options.tasks; ++t) {
    loss_.push_back(make_task(options, w0, rng));
    meta_.push_back(meta_task(loss_.back(), options.alpha));
  }
  solve_meta_quadratic();
}

int MetaLinReg::worker_tasks(int worker) const {
  return offsets_[static_cast<std::size_t>(worker) + 1] -
         offsets_[static_cast<std::size_t>(worker)];
}

const LeastSquares& MetaLinReg::task(int worker, int local) const {
  return loss_[static_cast<std::size_t>(offsets_[static_cast<std::size_t>(worker)] + local)];
}

double MetaLinReg::worker_value_gradient(int worker, ConstVectorRef x, VectorRef grad) const {
  const int first = offsets_[static_cast<std::size_t>(worker)];
  const double weight = 1.0 / worker_tasks(worker);
  grad.setZero();
  double f = 0;
  for (int t = first; t < first + worker_tasks(worker); ++t)
    f += meta_[static_cast<std::size_t>(t)].add_value_gradient(x, weight, grad);
  return f;
}

double MetaLinReg::worker_value(int worker, ConstVectorRef x) const {
  const int first = offsets_[static_cast<std::size_t>(worker)];
  double f = 0;
  for (int t = first; t < first + worker_tasks(worker); ++t)
    f += meta_[static_cast<std::size_t>(t)].value(x);
  return f / worker_tasks(worker);
}

// f(x) = ½xᵀΣx − bᵀx + const with Σ = Σ_t w_t M_tᵀM_t/N and b = Σ_t w_t M_tᵀz_t/N, where (M_t, z_t)
// are the meta least-squares data and w_t = 1/(n · tasks of t's worker).
void MetaLinReg::solve_meta_quadratic() {
  const int d = dim();
  Eigen::MatrixXd lower = Eigen::MatrixXd::Zero(d, d);
  Vector b = Vector::Zero(d);
  for (int i = 0; i < workers(); ++i) {
    const double weight = 1.0 / (double(workers()) * worker_tasks(i));
    for (int t = offsets_[static_cast<std::size_t>(i)];
         t < offsets_[static_cast<std::size_t>(i) + 1]; ++t) {
      const auto& m = meta_[static_cast<std::size_t>(t)];
      const double scale = weight / m.examples();
      lower.selfadjointView<Eigen::Lower>().rankUpdate(m.features.transpose(), scale);
      b.noalias() += scale * (m.features.transpose() * m.targets);
    }
  }
  const Eigen::MatrixXd sigma = lower.selfadjointView<Eigen::Lower>();
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(sigma, Eigen::EigenvaluesOnly);
  L_ = eigen.eigenvalues().maxCoeff();
  const double lambda_min = eigen.eigenvalues().minCoeff();
  if (!(lambda_min > kSingularRatio * L_)) return;
  mu_ = lambda_min;
  const Eigen::LDLT<Eigen::MatrixXd> ldlt(sigma);
  Vector x = ldlt.solve(b);
  x += ldlt.solve(b - sigma * x);
  // f* from residuals rather than from c − ½bᵀx*, which would cancel.
  f_star_ = problems::value(*this, x);
  x_star_ = std::move(x);
}

AnalyticConstants MetaLinReg::constants() const {
  AnalyticConstants c;
  c.L = L_;
  c.mu = mu_;
  c.f_star = f_star_;
  c.x_star = x_star_;
  c.note =
      "exact: f is a quadratic with Hessian sum_t w_t P_t H_t P_t (P_t = I - alpha H_t); L, mu: "
      "its extreme eigenvalues (dense symmetric eigensolver); ";
  c.note += mu_ ? "x*: LDLT solve with one refinement step; f* = f(x*) from residuals"
                : "the Hessian is singular (lambda_min <= 1e-10 L), so no mu, x*, f*";
  return c;
}

core::Json MetaLinReg::describe() const {
  return {{"name", "meta-linreg"},         {"tasks", options_.tasks}, {"d", options_.dim},
          {"examples", options_.examples}, {"alpha", options_.alpha}, {"noise", options_.noise},
          {"spread", options_.spread},     {"seed", options_.seed},   {"workers", workers()}};
}

}  // namespace biasbound::problems

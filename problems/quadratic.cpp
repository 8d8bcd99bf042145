#include "problems/quadratic.hpp"

#include <Eigen/Cholesky>
#include <Eigen/QR>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <cmath>

#include "core/error.hpp"
#include "core/rng.hpp"

namespace biasbound::problems {
namespace {

// Dense per-worker matrices cost n·d² doubles; refuse sizes that would not fit comfortably.
constexpr double kMaxMatrixEntries = 1u << 27;

void validate(const QuadraticOptions& o, int workers) {
  if (o.dim < 1) throw core::input_error("problem quadratic: d must be at least 1, got {}", o.dim);
  if (!(o.mu > 0) || !(o.L >= o.mu))
    throw core::input_error("problem quadratic: need 0 < mu <= L, got mu={} L={}", o.mu, o.L);
  if (o.dim == 1 && o.mu != o.L)
    throw core::input_error("problem quadratic: with d=1, mu must equal L (got mu={} L={})", o.mu,
                            o.L);
  if (o.heterogeneity < 0)
    throw core::input_error("problem quadratic: hetero must be >= 0, got {}", o.heterogeneity);
  if (workers < 1)
    throw core::input_error("problem quadratic: workers = {}: must be at least 1", workers);
  if (double(workers) * o.dim * o.dim > kMaxMatrixEntries)
    throw core::input_error(
        "problem quadratic: d={} with {} workers needs {} matrix entries; "
        "the limit is {}",
        o.dim, workers, double(workers) * o.dim * o.dim, kMaxMatrixEntries);
}

Eigen::MatrixXd gaussian_matrix(int rows, int cols, core::Rng& rng) {
  boost::random::normal_distribution<double> normal;
  Eigen::MatrixXd m(rows, cols);
  for (Eigen::Index j = 0; j < m.cols(); ++j)
    for (Eigen::Index i = 0; i < m.rows(); ++i) m(i, j) = normal(rng);
  return m;
}

// Rows of `m` minus their mean over columns: zero-mean perturbations across workers.
Eigen::MatrixXd centred_columns(Eigen::MatrixXd m) {
  m.colwise() -= m.rowwise().mean();
  return m;
}

}  // namespace

Quadratic::Quadratic(const QuadraticOptions& options, int workers) : options_(options) {
  validate(options, workers);
  const int d = options.dim;
  auto rng = core::make_stream(options.seed, core::StreamPurpose::kData);
  const Eigen::MatrixXd q =
      Eigen::HouseholderQR<Eigen::MatrixXd>(gaussian_matrix(d, d, rng)).householderQ();
  Vector spectrum(d);
  for (int j = 0; j < d; ++j)
    spectrum[j] =
        d == 1 ? options.L : options.mu * std::pow(options.L / options.mu, double(j) / (d - 1));

  boost::random::uniform_real_distribution<double> uniform(-1.0, 1.0);
  Eigen::MatrixXd factors(d, workers);
  for (Eigen::Index j = 0; j < factors.cols(); ++j)
    for (Eigen::Index i = 0; i < factors.rows(); ++i) factors(i, j) = uniform(rng);
  factors = centred_columns(factors);

  x_star_ = gaussian_matrix(d, 1, rng).col(0) / std::sqrt(double(d));
  const Vector b_mean = q * spectrum.cwiseProduct(q.transpose() * x_star_);
  const Eigen::MatrixXd b_shift =
      centred_columns(gaussian_matrix(d, workers, rng)) * (b_mean.norm() / std::sqrt(double(d)));

  Eigen::MatrixXd a_mean = Eigen::MatrixXd::Zero(d, d);
  for (int i = 0; i < workers; ++i) {
    const Vector eig =
        spectrum.cwiseProduct(Vector::Ones(d) + options.heterogeneity * factors.col(i));
    Eigen::MatrixXd a = q * eig.asDiagonal() * q.transpose();
    a = 0.5 * (a + a.transpose()).eval();  // exactly symmetric despite rounding
    a_mean += a;
    a_.push_back(std::move(a));
    b_.push_back(b_mean + options.heterogeneity * b_shift.col(i));
  }
  a_mean /= workers;
  Vector b_avg = Vector::Zero(d);
  for (const auto& b : b_) b_avg += b;
  b_avg /= workers;
  // x* of the stored (rounded) matrices, with one step of iterative refinement.
  const Eigen::LLT<Eigen::MatrixXd> llt(a_mean);
  x_star_ = llt.solve(b_avg);
  x_star_ += llt.solve(b_avg - a_mean * x_star_);
  f_star_ = -0.5 * b_avg.dot(x_star_);
}

double Quadratic::worker_value_gradient(int worker, ConstVectorRef x, VectorRef grad) const {
  const auto& b = b_[static_cast<std::size_t>(worker)];
  grad.noalias() = a_[static_cast<std::size_t>(worker)] * x;
  const double f = 0.5 * x.dot(grad) - b.dot(x);
  grad -= b;
  return f;
}

double Quadratic::worker_value(int worker, ConstVectorRef x) const {
  const auto& a = a_[static_cast<std::size_t>(worker)];
  return 0.5 * x.dot(a * x) - b_[static_cast<std::size_t>(worker)].dot(x);
}

AnalyticConstants Quadratic::constants() const {
  return {options_.L, options_.mu, f_star_, x_star_,
          "L, mu: extreme eigenvalues of the mean Hessian by construction; x*, f*: Cholesky "
          "solve in double precision with one refinement step"};
}

core::Json Quadratic::describe() const {
  return {{"name", "quadratic"},
          {"d", options_.dim},
          {"L", options_.L},
          {"mu", options_.mu},
          {"hetero", options_.heterogeneity},
          {"seed", options_.seed},
          {"workers", workers()}};
}

}  // namespace biasbound::problems

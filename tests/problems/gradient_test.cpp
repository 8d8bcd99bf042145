// Gradients of every problem against central finite differences, and the finite-sum pieces
// against each other.

#include <catch2/catch.hpp>

#include <Eigen/Eigenvalues>
#include <numeric>

#include "problems/problem.hpp"
#include "test_problems.hpp"

using namespace biasbound;
using problems::Vector;

namespace {

// Largest relative error of ∇f_i(x) against central differences of f_i, over every worker.
double finite_difference_error(const problems::Problem& p, const Vector& x) {
  const double h = 1e-6;
  double worst = 0;
  Vector grad(p.dim());
  for (int w = 0; w < p.workers(); ++w) {
    p.worker_value_gradient(w, x, grad);
    Vector numeric(p.dim());
    for (int j = 0; j < p.dim(); ++j) {
      Vector plus = x, minus = x;
      plus[j] += h;
      minus[j] -= h;
      numeric[j] = (p.worker_value(w, plus) - p.worker_value(w, minus)) / (2 * h);
    }
    worst = std::max(worst, (numeric - grad).norm() / std::max(1.0, grad.norm()));
  }
  return worst;
}

Vector random_point(int dim, int seed) {
  std::srand(static_cast<unsigned>(seed));
  return Vector::Random(dim);
}

problems::SparseFeatures sparse_copy(const problems::DenseFeatures& dense) {
  problems::SparseFeatures s = dense.sparseView();
  s.makeCompressed();
  return s;
}

}  // namespace

TEST_CASE("quadratic gradients match finite differences on every worker", "[gradient]") {
  const auto p = testing::small_quadratic(4, 0.7);
  for (int seed : {1, 2, 3})
    CHECK(finite_difference_error(*p, random_point(p->dim(), seed)) < 1e-7);
}

TEST_CASE("logistic gradients match finite differences (dense data)", "[gradient]") {
  const auto p = testing::small_logistic(3, 0.05);
  for (int seed : {1, 2, 3})
    CHECK(finite_difference_error(*p, 3.0 * random_point(p->dim(), seed)) < 1e-7);
}

TEST_CASE("logistic on sparse storage equals logistic on dense storage", "[gradient]") {
  problems::SyntheticOptions o;
  o.examples = 90;
  o.dim = 7;
  auto data = problems::make_synthetic(o, 10);
  const auto shards =
      problems::make_shards(data.train.labels, 3, problems::Sharding::kContiguous, 0);
  problems::Dataset sparse = data.train;
  sparse.features = sparse_copy(std::get<problems::DenseFeatures>(data.train.features));
  const problems::Logistic dense_p(data.train, std::nullopt, shards, 0.02, {});
  const problems::Logistic sparse_p(sparse, std::nullopt, shards, 0.02, {});
  const Vector x = random_point(7, 9);
  Vector gd(7), gs(7);
  for (int w = 0; w < 3; ++w) {
    CHECK(dense_p.worker_value_gradient(w, x, gd) ==
          Approx(sparse_p.worker_value_gradient(w, x, gs)).epsilon(1e-13));
    CHECK((gd - gs).norm() < 1e-13);
  }
  CHECK(finite_difference_error(sparse_p, x) < 1e-7);
  CHECK(*dense_p.constants().L == Approx(*sparse_p.constants().L).epsilon(1e-12));
}

TEST_CASE("a batch of all of a worker's examples gives its full gradient", "[gradient]") {
  const auto p = testing::small_logistic(4, 0.01);
  const Vector x = random_point(p->dim(), 4);
  Vector full(p->dim()), batch_grad(p->dim());
  for (int w = 0; w < p->workers(); ++w) {
    std::vector<int> all(static_cast<std::size_t>(p->worker_examples(w)));
    std::iota(all.begin(), all.end(), 0);
    p->worker_value_gradient(w, x, full);
    p->worker_batch_gradient(w, all, x, batch_grad);
    CHECK((full - batch_grad).norm() < 1e-13);
  }
}

TEST_CASE("f and its gradient are the means over workers", "[gradient]") {
  const auto p = testing::small_quadratic(5, 0.4);
  const Vector x = random_point(p->dim(), 6);
  Vector grad(p->dim()), gw(p->dim()), sum = Vector::Zero(p->dim());
  double f_sum = 0;
  for (int w = 0; w < 5; ++w) {
    f_sum += p->worker_value_gradient(w, x, gw);
    sum += gw;
  }
  CHECK(problems::value_gradient(*p, x, grad) == Approx(f_sum / 5).epsilon(1e-14));
  CHECK((grad - sum / 5).norm() < 1e-14);
  CHECK(problems::value(*p, x) == Approx(f_sum / 5).epsilon(1e-14));
}

TEST_CASE("logistic L is the curvature at x = 0, where the loss is most curved", "[gradient]") {
  // ∇²f(0) = (1/4) Σ_i AᵢᵀAᵢ/(n Nᵢ) + λI exactly, so its largest eigenvalue is L.
  const auto p = testing::small_logistic(3, 0.03);
  const int d = p->dim();
  const double h = 1e-5;
  Eigen::MatrixXd hessian(d, d);
  Vector plus(d), minus(d);
  for (int j = 0; j < d; ++j) {
    Vector e = Vector::Zero(d);
    e[j] = h;
    problems::value_gradient(*p, e, plus);
    problems::value_gradient(*p, -e, minus);
    hessian.col(j) = (plus - minus) / (2 * h);
  }
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(0.5 * (hessian + hessian.transpose()));
  CHECK(eig.eigenvalues().maxCoeff() == Approx(*p->constants().L).epsilon(1e-6));
  CHECK(*p->constants().mu == 0.03);
}

TEST_CASE("logistic L by power iteration agrees with the exact value for large sparse d",
          "[gradient]") {
  // d above the dense-Gram limit forces power iteration; with 40 rows the exact λ_max comes
  // from the 40 × 40 matrix AAᵀ/N (equal shards: every weight is 1/N).
  const int rows = 40, d = 5000;
  problems::DenseFeatures dense = problems::DenseFeatures::Zero(rows, d);
  std::srand(5);
  for (int r = 0; r < rows; ++r)
    for (int k = 0; k < 20; ++k) dense(r, std::rand() % d) = 1.0 + (std::rand() % 7);
  problems::Dataset data{sparse_copy(dense), Vector::Ones(rows), "sparse test"};
  for (int r = 0; r < rows; r += 2) data.labels[r] = -1;
  const auto shards = problems::make_shards(data.labels, 4, problems::Sharding::kContiguous, 0);
  const problems::Logistic p(data, std::nullopt, shards, 0.0, {});
  const Eigen::MatrixXd small = dense * dense.transpose() / rows;
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(small);
  CHECK(*p.constants().L == Approx(eig.eigenvalues().maxCoeff() / 4).epsilon(1e-6));
  CHECK_THAT(p.constants().note, Catch::Matchers::Contains("power iteration"));
}

#include <catch2/catch.hpp>

#include <Eigen/Eigenvalues>

#include "core/error.hpp"
#include "problems/factory.hpp"
#include "problems/meta_linreg.hpp"

using namespace biasbound;
using Catch::Matchers::Contains;
using Eigen::MatrixXd;
using problems::Vector;

namespace {

problems::MetaLinReg small_meta(int tasks, int workers, double alpha = 0.2, double noise = 0.1,
                                double spread = 1.0, int examples = 12, int dim = 4) {
  problems::MetaLinRegOptions o;
  o.tasks = tasks;
  o.dim = dim;
  o.examples = examples;
  o.alpha = alpha;
  o.noise = noise;
  o.spread = spread;
  o.seed = 7;
  return problems::MetaLinReg(o, workers);
}

// The textbook pieces of task t, built from its data independently of the problem's code.
struct TaskMath {
  MatrixXd h;  // H_t = AᵀA/N
  Vector c;    // c_t = Aᵀy/N
  MatrixXd p;  // P_t = I − αH_t

  TaskMath(const problems::LeastSquares& t, double alpha) {
    const double n = t.examples();
    h = t.features.transpose() * t.features / n;
    c = t.features.transpose() * t.targets / n;
    p = MatrixXd::Identity(h.rows(), h.cols()) - alpha * h;
  }
  Vector loss_gradient(const Vector& x) const { return h * x - c; }
  // ∇f_t(x) = (I − αH_t) ∇ℓ_t(x − α∇ℓ_t(x)), the chain rule through one inner step.
  Vector meta_gradient(const Vector& x, double alpha) const {
    return p * loss_gradient(x - alpha * loss_gradient(x));
  }
};

// Σ = Σ_i (1/n) mean_{t of i} P_tH_tP_t and b with ∇f(x) = Σx − b, where b = Σ w_t P_t²c_t.
std::pair<MatrixXd, Vector> assemble_meta_quadratic(const problems::MetaLinReg& p) {
  MatrixXd sigma = MatrixXd::Zero(p.dim(), p.dim());
  Vector b = Vector::Zero(p.dim());
  for (int i = 0; i < p.workers(); ++i) {
    const double w = 1.0 / (p.workers() * p.worker_tasks(i));
    for (int t = 0; t < p.worker_tasks(i); ++t) {
      const TaskMath m(p.task(i, t), p.alpha());
      sigma += w * m.p * m.h * m.p;
      b += w * m.p * m.p * m.c;
    }
  }
  return {sigma, b};
}

}  // namespace

TEST_CASE("meta-linreg: each worker's gradient matches central finite differences",
          "[meta-linreg]") {
  const auto p = small_meta(7, 3, 0.3);
  const Vector x = Vector::LinSpaced(4, -1.0, 2.0);
  const double h = 1e-5;
  for (int w = 0; w < 3; ++w) {
    Vector grad(4);
    const double f = p.worker_value_gradient(w, x, grad);
    CHECK(f == Approx(p.worker_value(w, x)).epsilon(1e-14));
    for (int j = 0; j < 4; ++j) {
      Vector up = x, down = x;
      up[j] += h;
      down[j] -= h;
      // f_i is quadratic, so the central difference is exact up to rounding (~1e-16 f / h).
      const double fd = (p.worker_value(w, up) - p.worker_value(w, down)) / (2 * h);
      CHECK(grad[j] == Approx(fd).epsilon(1e-8).margin(1e-9));
    }
  }
}

TEST_CASE("meta-linreg: f_i is the mean over the worker's tasks of l_t(x - alpha grad l_t(x))",
          "[meta-linreg]") {
  const auto p = small_meta(7, 3, 0.25);
  const Vector x = Vector::LinSpaced(4, 0.5, -1.5);
  for (int w = 0; w < 3; ++w) {
    Vector expected_grad = Vector::Zero(4);
    double expected_value = 0;
    for (int t = 0; t < p.worker_tasks(w); ++t) {
      const auto& task = p.task(w, t);
      const TaskMath m(task, 0.25);
      expected_grad += m.meta_gradient(x, 0.25) / p.worker_tasks(w);
      expected_value += task.value(x - 0.25 * m.loss_gradient(x)) / p.worker_tasks(w);
    }
    Vector grad(4);
    CHECK(p.worker_value_gradient(w, x, grad) == Approx(expected_value).epsilon(1e-12));
    CHECK((grad - expected_grad).norm() < 1e-12 * expected_grad.norm());
  }
}

TEST_CASE("meta-linreg: workers own contiguous blocks of tasks differing by at most one",
          "[meta-linreg]") {
  const auto p = small_meta(7, 3);
  CHECK(p.worker_tasks(0) == 2);
  CHECK(p.worker_tasks(1) == 2);
  CHECK(p.worker_tasks(2) == 3);
  CHECK(p.worker_examples(0) == 0);  // sampling is the maml stage's business
  CHECK(p.task(1, 0).examples() == 12);
  CHECK(p.task(1, 0).features.cols() == 4);
  CHECK(&p.task(0, 2) == &p.task(1, 0));  // task 2 of the global order, seen from both sides
}

TEST_CASE("meta-linreg: x* zeroes the gradient, f* = f(x*), L and mu are the extreme eigenvalues",
          "[meta-linreg]") {
  const auto p = small_meta(7, 3, 0.3);
  const auto c = p.constants();
  REQUIRE(c.x_star);
  REQUIRE(c.f_star);
  REQUIRE(c.mu);
  const auto [sigma, b] = assemble_meta_quadratic(p);
  const Eigen::SelfAdjointEigenSolver<MatrixXd> eigen(sigma);
  CHECK(*c.L == Approx(eigen.eigenvalues().maxCoeff()).epsilon(1e-12));
  CHECK(*c.mu == Approx(eigen.eigenvalues().minCoeff()).epsilon(1e-10));
  Vector grad(4);
  const double f_at_star = problems::value_gradient(p, *c.x_star, grad);
  CHECK(grad.norm() < 1e-13 * b.norm());
  CHECK((sigma * *c.x_star - b).norm() < 1e-13 * b.norm());
  CHECK(f_at_star == Approx(*c.f_star).epsilon(1e-14));
  // f is quadratic: f(x* + δ) − f* = ½ δᵀΣδ exactly.
  const Vector delta = Vector::LinSpaced(4, -0.3, 0.7);
  CHECK(problems::value(p, *c.x_star + delta) - *c.f_star ==
        Approx(0.5 * delta.dot(sigma * delta)).epsilon(1e-10));
  CHECK_THAT(c.note, Contains("exact") && Contains("LDLT"));
}

TEST_CASE("meta-linreg: without noise or spread every task is solved by x*, so f* = 0",
          "[meta-linreg]") {
  const auto p = small_meta(5, 2, 0.2, 0.0, 0.0);
  const auto c = p.constants();
  REQUIRE(c.x_star);
  CHECK(*c.f_star < 1e-26);
  for (int w = 0; w < 2; ++w)
    for (int t = 0; t < p.worker_tasks(w); ++t) CHECK(p.task(w, t).value(*c.x_star) < 1e-26);
}

TEST_CASE("meta-linreg: a singular meta-Hessian reports L but no mu, x*, f*", "[meta-linreg]") {
  const auto p = small_meta(2, 1, 0.1, 0.1, 1.0, 1);  // 2 tasks of 1 example: rank 2 < d = 4
  const auto c = p.constants();
  CHECK(*c.L > 0);
  CHECK(!c.mu);
  CHECK(!c.x_star);
  CHECK(!c.f_star);
  CHECK_THAT(c.note, Contains("singular"));
}

TEST_CASE("meta-linreg: the spec's defaults, description and seed", "[meta-linreg]") {
  const auto p = problems::make_problem("meta-linreg", 2);
  const auto d = p->describe();
  CHECK(d["name"] == "meta-linreg");
  CHECK(d["tasks"] == 16);
  CHECK(d["d"] == 10);
  CHECK(d["examples"] == 50);
  CHECK(d["alpha"] == 0.1);
  CHECK(d["noise"] == 0.1);
  CHECK(d["spread"] == 1.0);
  CHECK(d["seed"] == 0);
  CHECK(d["workers"] == 2);
  const auto q = problems::make_problem("meta-linreg:tasks=3,d=3,examples=5,alpha=0.05,seed=4", 3);
  const auto r = problems::make_problem("meta-linreg:tasks=3,d=3,examples=5,alpha=0.05,seed=5", 3);
  const Vector x = Vector::Ones(3);
  CHECK(problems::value(*q, x) ==
        problems::value(
            *problems::make_problem("meta-linreg:tasks=3,d=3,examples=5,alpha=0.05,seed=4", 3), x));
  CHECK(problems::value(*q, x) != problems::value(*r, x));
}

TEST_CASE("meta-linreg: bad keys get one clear error naming the spec and the key",
          "[meta-linreg]") {
  auto fails = [](const std::string& spec, const std::string& text) {
    CHECK_THROWS_WITH(problems::make_problem(spec, 3), Contains(spec) && Contains(text));
  };
  fails("meta-linreg:tasks=2", "tasks must be >= the number of workers (3), got 2");
  fails("meta-linreg:tasks=99999999999", "key 'tasks' is out of range");
  fails("meta-linreg:d=0", "d must be in [1, 4096]");
  fails("meta-linreg:d=5000", "got 5000");
  fails("meta-linreg:examples=0", "examples must be >= 1, got 0");
  fails("meta-linreg:alpha=-0.1", "alpha must be a finite number >= 0, got -0.1");
  fails("meta-linreg:noise=-1", "noise must be");
  fails("meta-linreg:spread=-1", "spread must be");
  fails("meta-linreg:alpha=x", "key 'alpha' expects a finite number");
  fails("meta-linreg:tasks=100000,examples=1000", "the limit is");
  fails("meta-linreg:steps=3",
        "unknown key 'steps' (accepted: tasks, d, examples, alpha, noise, "
        "spread, seed)");
  CHECK_THROWS_WITH(problems::make_problem("metalinreg", 3), Contains("meta-linreg"));
  CHECK_THROWS_AS(small_meta(2, 0), core::InputError);
}

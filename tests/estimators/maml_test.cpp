#include <catch2/catch.hpp>

#include <functional>

#include "../problems/test_problems.hpp"
#include "core/error.hpp"
#include "estimators/pipeline.hpp"
#include "problems/meta_linreg.hpp"

using namespace biasbound;
using Catch::Matchers::Contains;
using Eigen::MatrixXd;
using problems::Vector;

namespace {

problems::MetaLinReg small_meta(int tasks, int workers, double alpha, int examples = 10,
                                int dim = 4) {
  problems::MetaLinRegOptions o;
  o.tasks = tasks;
  o.dim = dim;
  o.examples = examples;
  o.alpha = alpha;
  o.seed = 21;
  return problems::MetaLinReg(o, workers);
}

// Task t's H_t = AᵀA/N and ∇ℓ_t, built from its data independently of the library.
struct TaskMath {
  const problems::LeastSquares& task;
  MatrixXd h;

  explicit TaskMath(const problems::LeastSquares& t)
      : task(t), h(t.features.transpose() * t.features / t.examples()) {}
  Vector loss_gradient(const Vector& x) const {
    return task.features.transpose() * (task.features * x - task.targets) / task.examples();
  }
  // ∇f_t(x) = (I − αH) ∇ℓ_t(x − α∇ℓ_t(x)).
  Vector meta_gradient(const Vector& x, double alpha) const {
    const Vector outer = loss_gradient(x - alpha * loss_gradient(x));
    return outer - alpha * h * outer;
  }
  // The estimator for one inner batch of example indices, written out from its definition.
  Vector estimate(const std::vector<int>& batch, const Vector& x, double alpha) const {
    Vector g = Vector::Zero(x.size());
    MatrixXd h_hat = MatrixXd::Zero(x.size(), x.size());
    for (const int j : batch) {
      const Vector a = task.features.row(j).transpose();
      g += a * (a.dot(x) - task.targets[j]) / double(batch.size());
      h_hat += a * a.transpose() / double(batch.size());
    }
    const Vector outer = loss_gradient(x - alpha * g);
    return outer - alpha * h_hat * outer;
  }
  // E of the estimator over b iid uniform examples (see estimators/maml.hpp):
  // ∇f_t(x) + (α²/b) (E_j[a_j (a_jᵀH a_j)(a_jᵀx − y_j)] − H²∇ℓ_t(x)).
  Vector expected(const Vector& x, double alpha, int b) const {
    Vector diagonal = Vector::Zero(x.size());
    for (int j = 0; j < task.examples(); ++j) {
      const Vector a = task.features.row(j).transpose();
      diagonal += a * (a.dot(h * a) * (a.dot(x) - task.targets[j])) / task.examples();
    }
    return meta_gradient(x, alpha) + (alpha * alpha / b) * (diagonal - h * h * loss_gradient(x));
  }
};

// Mean over worker i's tasks (the stage samples them uniformly) of a per-task vector.
Vector worker_mean(const problems::MetaLinReg& p, int worker,
                   const std::function<Vector(const TaskMath&)>& of) {
  Vector sum = Vector::Zero(p.dim());
  for (int t = 0; t < p.worker_tasks(worker); ++t) sum += of(TaskMath(p.task(worker, t)));
  return sum / p.worker_tasks(worker);
}

struct Moments {
  Vector mean;
  MatrixXd covariance;  // of one draw
  int samples;

  // ‖mean − target‖² − tr(Cov)/S, unbiased for ‖E − target‖², and its standard error.
  std::pair<double, double> squared_bias(const Vector& target) const {
    const Vector bias = mean - target;
    const double estimate = bias.squaredNorm() - covariance.trace() / samples;
    const double variance = 4 * bias.dot(covariance * bias) / samples +
                            2 * (covariance * covariance).trace() / (double(samples) * samples);
    return {estimate, std::sqrt(variance)};
  }
};

Moments draw_moments(const std::string& spec, const problems::Problem& p, int worker,
                     const Vector& x, int samples, std::uint64_t seed) {
  auto pipeline = estimators::Pipeline::parse(spec, p);
  core::Rng rng(seed);
  estimators::Message m;
  m.resize(p.dim());
  Vector sum = Vector::Zero(p.dim());
  MatrixXd outer = MatrixXd::Zero(p.dim(), p.dim());
  for (int s = 0; s < samples; ++s) {
    pipeline.run({p, worker, x, rng, nullptr}, m);
    sum += m.values;
    outer += m.values * m.values.transpose();
  }
  const Vector mean = sum / samples;
  const MatrixXd covariance = (outer - samples * mean * mean.transpose()) / (samples - 1);
  return {mean, covariance, samples};
}

Vector run_once(const std::string& spec, const problems::Problem& p, int worker, const Vector& x,
                std::uint64_t seed) {
  auto pipeline = estimators::Pipeline::parse(spec, p);
  core::Rng rng(seed);
  estimators::Message m;
  m.resize(p.dim());
  pipeline.run({p, worker, x, rng, nullptr}, m);
  return m.values;
}

}  // namespace

TEST_CASE("maml: the closed-form expectation is exact over every inner batch", "[maml]") {
  const auto p = small_meta(1, 1, 0.3, 4, 3);
  const TaskMath m(p.task(0, 0));
  const Vector x(Vector::LinSpaced(3, -1.0, 1.5));
  for (const int b : {1, 2, 3}) {
    // All 4^b equally likely ordered batches.
    Vector mean = Vector::Zero(3);
    std::vector<int> batch(static_cast<std::size_t>(b));
    const int count = 1 << (2 * b);
    for (int code = 0; code < count; ++code) {
      for (int k = 0; k < b; ++k) batch[static_cast<std::size_t>(k)] = (code >> (2 * k)) & 3;
      mean += m.estimate(batch, x, 0.3) / count;
    }
    CHECK((mean - m.expected(x, 0.3, b)).norm() < 1e-12 * mean.norm());
    CHECK((mean - m.meta_gradient(x, 0.3)).norm() > 1e-3 * mean.norm());  // it is biased
  }
}

TEST_CASE("maml: the stage's mean is the closed-form expectation", "[maml]") {
  const auto p = small_meta(6, 2, 0.3);  // 3 tasks per worker, 2 sampled per call
  const Vector x = Vector::LinSpaced(4, -1.0, 1.0);
  const int samples = 40000;
  const auto moments = draw_moments("maml:b_in=3,tasks=2", p, 1, x, samples, 5);
  const Vector expected =
      worker_mean(p, 1, [&](const TaskMath& m) { return m.expected(x, 0.3, 3); });
  // Within 4 standard errors of the expectation (fixed seed: deterministic, but a wrong mean
  // would sit many standard errors away).
  CHECK((moments.mean - expected).squaredNorm() < 16 * moments.covariance.trace() / samples);
}

TEST_CASE("maml: the squared bias is (alpha^4 / b_in^2) |C|^2, decreasing in b_in", "[maml]") {
  const auto p = small_meta(2, 2, 0.4);  // one task per worker: no task-sampling variance
  const Vector x = Vector::LinSpaced(4, 2.0, -2.0);
  const Vector grad = worker_mean(p, 0, [&](const TaskMath& m) { return m.meta_gradient(x, 0.4); });
  // "-> Vector": an Eigen expression returned through std::function would refer to the
  // temporaries of the return statement after they are gone (found by AddressSanitizer).
  const Vector c = worker_mean(p, 0, [&](const TaskMath& m) -> Vector {
    return (m.expected(x, 0.4, 1) - m.meta_gradient(x, 0.4)) / (0.4 * 0.4);
  });
  double previous = std::numeric_limits<double>::infinity();
  for (const int b : {2, 8, 32}) {
    const auto moments =
        draw_moments(fmt::format("maml:b_in={}", b), p, 0, x, 200000, static_cast<unsigned>(b));
    const auto [bias2, se] = moments.squared_bias(grad);
    const double closed_form = std::pow(0.4, 4) / (b * b) * c.squaredNorm();
    INFO("b_in=" << b << " measured " << bias2 << " +- " << se << ", closed form " << closed_form);
    CHECK(std::abs(bias2 - closed_form) < 4 * se);
    CHECK(bias2 < previous);
    previous = bias2;
  }
}

TEST_CASE("maml: a huge inner batch gives the exact task gradient", "[maml]") {
  const auto p = small_meta(3, 3, 0.3);
  const Vector x = Vector::LinSpaced(4, 1.0, -0.5);
  for (int w = 0; w < 3; ++w) {
    Vector exact(4);
    p.worker_value_gradient(w, x, exact);
    const Vector huge = run_once("maml:b_in=1000000", p, w, x, 9);
    const Vector tiny = run_once("maml:b_in=1", p, w, x, 9);
    CHECK((huge - exact).norm() < 1e-2 * exact.norm());
    CHECK((tiny - exact).norm() > 10 * (huge - exact).norm());
  }
}

TEST_CASE("maml: with alpha = 0 it is the exact task gradient for any inner batch", "[maml]") {
  const auto p = small_meta(2, 2, 0.0);
  const Vector x = Vector::LinSpaced(4, -0.5, 0.5);
  Vector exact(4);
  p.worker_value_gradient(1, x, exact);
  CHECK((run_once("maml:b_in=1", p, 1, x, 3) - exact).norm() < 1e-14 * exact.norm());
}

TEST_CASE("maml: same stream, same draw; description, constants and bits", "[maml]") {
  const auto p = small_meta(4, 2, 0.2);
  const Vector x = Vector::Ones(4);
  CHECK((run_once("maml:b_in=4,tasks=3", p, 0, x, 17) -
         run_once("maml:alpha=0.2,b_in=4,tasks=3", p, 0, x, 17))
            .norm() == 0);
  const auto pipeline = estimators::Pipeline::parse("maml:b_in=4", p);
  const auto stages = pipeline.describe();
  REQUIRE(stages.size() == 1);
  CHECK(stages[0]["stage"] == "maml");
  CHECK(stages[0]["alpha"] == 0.2);  // the problem's inner step
  CHECK(stages[0]["b_in"] == 4);
  CHECK(stages[0]["tasks"] == 1);
  CHECK(stages[0]["stateful"] == false);
  const auto& stage = *pipeline.stages()[0];
  const auto c = stage.constants();
  CHECK(!c.unbiased);
  CHECK(*c.m == 0);
  CHECK(!c.zeta2);
  CHECK_THAT(c.note, Contains("zeta^2 = O(alpha^2 L^2 sigma^2 / b_in): measured"));
  CHECK(*stage.message_bits(4) == 128);
}

TEST_CASE("maml: bad specs get one clear error naming the stage", "[maml]") {
  const auto q = testing::small_quadratic(2, 0.0, 4);
  const auto p = small_meta(2, 2, 0.1);
  CHECK_THROWS_WITH(
      estimators::Pipeline::parse("maml:b_in=4", *q),
      Contains("maml:b_in=4") && Contains("needs problem meta-linreg") && Contains("'quadratic'"));
  auto fails = [&](const std::string& spec, const std::string& text) {
    CHECK_THROWS_WITH(estimators::Pipeline::parse(spec, p), Contains(spec) && Contains(text));
  };
  fails("maml", "needs b_in=");
  fails("maml:b_in=0", "b_in must be in [1, 16777216], got 0");
  fails("maml:b_in=2,tasks=0", "tasks must be in");
  fails("maml:alpha=0.2,b_in=2", "alpha=0.2 differs from the problem's inner step alpha=0.1");
  fails("maml:b=2", "unknown key 'b' (accepted: alpha, b_in, tasks)");
  fails("topk:k=2+maml:b_in=2", "must come first");
}

// The gradient checker: passes on the built-in problems, and catches a problem whose gradient,
// value or batch gradient is wrong on one worker, naming where.

#include <catch2/catch.hpp>

#include <cmath>

#include "core/error.hpp"
#include "problems/factory.hpp"
#include "problems/gradient_checker.hpp"
#include "problems/registry.hpp"

using namespace biasbound;
using Catch::Matchers::Contains;
using problems::ConstVectorRef;
using problems::Vector;
using problems::VectorRef;

namespace {

// One planted mistake on one worker; the defaults plant none.
struct Mistake {
  int worker = -1;
  int coordinate = 0;
  double gradient_factor = 1;  // on that coordinate of worker_value_gradient's gradient
  double value_offset = 0;     // added to worker_value_gradient's value
  double batch_factor = 1;     // on worker_batch_gradient
};

// A user-written finite sum: f_i(x) = (1/m) Σ_k ½‖x − c_ik‖² + Σ_j sin(x_j), with
// c_ik[j] = 0.1·(j + 1)·(i + 1) + 0.01·k, so every coordinate's derivative differs.
class Toy final : public problems::Problem {
 public:
  Toy(int dim, int workers, Mistake mistake = {}) : d_(dim), n_(workers), mistake_(mistake) {}

  std::string name() const override { return "toy"; }
  int dim() const override { return d_; }
  int workers() const override { return n_; }
  int worker_examples(int) const override { return kExamples; }

  double worker_value(int i, ConstVectorRef x) const override {
    double f = x.array().sin().sum();
    for (int k = 0; k < kExamples; ++k) f += 0.5 * (x - center(i, k)).squaredNorm() / kExamples;
    return f;
  }
  double worker_value_gradient(int i, ConstVectorRef x, VectorRef grad) const override {
    grad = x - mean_center(i) + Vector(x.array().cos());
    if (i == mistake_.worker) grad[mistake_.coordinate] *= mistake_.gradient_factor;
    return worker_value(i, x) + (i == mistake_.worker ? mistake_.value_offset : 0.0);
  }
  void worker_batch_gradient(int i, std::span<const int> batch, ConstVectorRef x,
                             VectorRef grad) const override {
    Vector mean = Vector::Zero(d_);
    for (const int k : batch) mean += center(i, k) / static_cast<double>(batch.size());
    grad = x - mean + Vector(x.array().cos());
    if (i != mistake_.worker) return;
    // The same slip as in the full gradient, so that only central differences can catch it.
    grad[mistake_.coordinate] *= mistake_.gradient_factor;
    grad *= mistake_.batch_factor;
  }
  problems::AnalyticConstants constants() const override { return {}; }
  core::Json describe() const override { return {{"name", "toy"}}; }

 private:
  static constexpr int kExamples = 5;

  Vector center(int i, int k) const {
    return Vector::LinSpaced(d_, 1, d_) * 0.1 * (i + 1) + Vector::Constant(d_, 0.01 * k);
  }
  Vector mean_center(int i) const {
    Vector sum = Vector::Zero(d_);
    for (int k = 0; k < kExamples; ++k) sum += center(i, k);
    return sum / kExamples;
  }

  int d_, n_;
  Mistake mistake_;
};

Vector random_point(int dim, unsigned seed) {
  std::srand(seed);
  return Vector::Random(dim);
}

}  // namespace

TEST_CASE("the gradient checker passes on every built-in problem at x0 and a random point",
          "[gradient_checker]") {
  for (const auto* name : {"quadratic", "logistic", "meta-linreg", "mlp"}) {
    const auto p = problems::make_problem(problems::find_problem(name)->example, 3);
    for (const Vector& x :
         {p->initial_point(), Vector(p->initial_point() + random_point(p->dim(), 7))}) {
      const auto result = problems::check_gradients(*p, x);
      INFO(name << ": " << result.brief_report());
      CHECK(result.ok);
      CHECK(result.failures == 0);
      CHECK(result.max_relative_error < 1e-7);
      CHECK(result.worst_worker >= 0);
    }
  }
}

TEST_CASE("the gradient checker passes on a correct user-written problem", "[gradient_checker]") {
  const Toy toy(6, 3);
  const auto result = problems::check_gradients(toy, random_point(6, 3));
  INFO(result.brief_report());
  CHECK(result.ok);
  // Per worker: value and gradient, worker_value, 2 per coordinate, one batch of every example.
  CHECK(result.evaluations == 3 * (2 + 2 * 6 + 1));
  CHECK(result.comparisons == 3 * (1 + 6 + 6));
}

TEST_CASE("the gradient checker names the worker and coordinate of a wrong gradient",
          "[gradient_checker]") {
  const Toy toy(6, 3, {.worker = 1, .coordinate = 3, .gradient_factor = 1.01});
  const auto result = problems::check_gradients(toy, Vector::Zero(6));
  INFO(result.brief_report());
  CHECK_FALSE(result.ok);
  CHECK(result.worst_worker == 1);
  CHECK(result.worst_what == "coordinate 3");
  CHECK(result.max_relative_error > 1e-4);
  CHECK(result.worst_analytic == Approx(1.01 * result.worst_reference).epsilon(1e-6));
  CHECK(result.failures == 1);
  CHECK_THAT(result.brief_report(), Contains("FAILED") && Contains("worker 1, coordinate 3"));
  const auto json = result.to_json();
  CHECK(json["ok"] == false);
  CHECK(json["worst"]["worker"] == 1);
  CHECK(json["worst"]["what"] == "coordinate 3");
}

TEST_CASE("the gradient checker finds a wrong gradient along random directions",
          "[gradient_checker]") {
  const Toy toy(6, 3, {.worker = 2, .coordinate = 0, .gradient_factor = 1.01});
  problems::GradientCheckOptions options;
  options.directions = 16;
  const auto result = problems::check_gradients(toy, random_point(6, 5), options);
  INFO(result.brief_report());
  CHECK_FALSE(result.ok);
  CHECK(result.worst_worker == 2);
  CHECK_THAT(result.worst_what, Catch::Matchers::StartsWith("direction "));
  CHECK(result.evaluations == 3 * (2 + 2 * 16 + 1));
  // The directions depend on the seed alone: the same check finds the same worst direction.
  CHECK(problems::check_gradients(toy, random_point(6, 5), options).worst_what ==
        result.worst_what);
}

TEST_CASE("above 256 coordinates the gradient checker probes 256 random directions",
          "[gradient_checker]") {
  const auto p = problems::make_problem("quadratic:d=300,L=1,mu=0.1,hetero=0.5", 2);
  const auto result = problems::check_gradients(*p, random_point(300, 2));
  INFO(result.brief_report());
  CHECK(result.ok);
  CHECK(result.evaluations == 2 * (2 + 2 * 256));
  CHECK_THAT(result.worst_what, Catch::Matchers::StartsWith("direction "));
}

TEST_CASE("the gradient checker catches a value that disagrees with worker_value",
          "[gradient_checker]") {
  // A mismatch of 1e-9 is far below the derivative tolerance, but the two functions differ.
  const Toy toy(4, 3, {.worker = 2, .value_offset = 1e-9});
  const auto result = problems::check_gradients(toy, random_point(4, 8));
  INFO(result.brief_report());
  CHECK_FALSE(result.ok);
  CHECK(result.failures == 1);
  CHECK(result.worst_worker == 2);
  CHECK(result.worst_what == "value: worker_value vs worker_value_gradient");
  CHECK(result.threshold == problems::kValueTolerance);
}

TEST_CASE("the gradient checker catches a batch gradient that is not the mean",
          "[gradient_checker]") {
  const Toy toy(4, 3, {.worker = 0, .batch_factor = 1.5});
  const auto result = problems::check_gradients(toy, random_point(4, 9));
  INFO(result.brief_report());
  CHECK_FALSE(result.ok);
  CHECK(result.worst_worker == 0);
  CHECK_THAT(result.worst_what, Catch::Matchers::StartsWith("batch gradient, coordinate "));
}

TEST_CASE("the gradient checker's options and inputs name what is wrong", "[gradient_checker]") {
  using Options = problems::GradientCheckOptions;
  CHECK_NOTHROW(Options{}.check());
  CHECK_THROWS_WITH(Options{.tolerance = -1}.check(),
                    Contains("GradientCheckOptions.tolerance = -1: must be > 0"));
  CHECK_THROWS_WITH(Options{.relative_step = 0}.check(),
                    Contains("GradientCheckOptions.relative_step = 0: must be > 0"));
  CHECK_THROWS_WITH(Options{.relative_step = std::nan("")}.check(),
                    Contains("GradientCheckOptions.relative_step = nan: must be > 0"));
  CHECK_THROWS_WITH(Options{.tolerance = HUGE_VAL}.check(),
                    Contains("GradientCheckOptions.tolerance = inf: must be finite"));
  CHECK_THROWS_WITH(Options{.directions = -2}.check(),
                    Contains("GradientCheckOptions.directions = -2: must be >= 0"));
  const Toy toy(4, 2);
  CHECK_THROWS_AS(problems::check_gradients(toy, Vector::Zero(4), {.tolerance = 0}),
                  core::InputError);
  CHECK_THROWS_WITH(problems::check_gradients(toy, Vector::Zero(5)),
                    Contains("x has 5 entries") && Contains("dimension 4"));
  CHECK_THROWS_WITH(problems::check_gradients(toy, Vector::Constant(4, std::nan(""))),
                    Contains("NaN"));
}

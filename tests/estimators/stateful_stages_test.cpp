#include <catch2/catch.hpp>

#include <algorithm>
#include <numeric>

#include "../problems/test_problems.hpp"
#include "core/thread_pool.hpp"
#include "estimators/delay.hpp"
#include "estimators/error_feedback.hpp"
#include "estimators/pipeline.hpp"
#include "estimators/point_sampler.hpp"
#include "estimators/reshuffle.hpp"
#include "estimators/top_k.hpp"

using namespace biasbound;
using Eigen::VectorXd;

namespace {

struct Driver {
  explicit Driver(const problems::Problem& p) : problem(p), x(VectorXd::Zero(p.dim())) {
    message.resize(p.dim());
  }
  VectorXd apply(estimators::Stage& stage, const VectorXd& input, std::uint64_t stream = 1) {
    message.values = input;
    message.sparse = false;
    core::Rng rng(stream);
    stage.apply({problem, 0, x, rng, nullptr}, message);
    return message.values;
  }
  const problems::Problem& problem;
  VectorXd x;
  estimators::Message message;
};

}  // namespace

TEST_CASE("error feedback follows e <- e + v - C(e + v) step by step", "[ef]") {
  const auto p = testing::small_quadratic(1, 0.0, 4);
  estimators::ErrorFeedback ef(std::make_unique<estimators::TopK>(1, 4), 4);
  Driver driver(*p);
  VectorXd v1(4), v2(4), v3(4);
  v1 << 3, 1, -2, 0.5;
  v2 << 0, 2, -1.5, 0;
  v3 << 1, 1, 1, 1;
  // Step 1: p = v1, C(p) keeps 3 → e = (0, 1, −2, 0.5).
  VectorXd sent = driver.apply(ef, v1);
  CHECK(sent == (VectorXd(4) << 3, 0, 0, 0).finished());
  CHECK(ef.memory() == (VectorXd(4) << 0, 1, -2, 0.5).finished());
  // Step 2: p = e + v2 = (0, 3, −3.5, 0.5); C keeps −3.5 → e = (0, 3, 0, 0.5).
  sent = driver.apply(ef, v2);
  CHECK(sent == (VectorXd(4) << 0, 0, -3.5, 0).finished());
  CHECK(ef.memory() == (VectorXd(4) << 0, 3, 0, 0.5).finished());
  // Step 3: p = (1, 4, 1, 1.5); C keeps 4 → e = (1, 0, 1, 1.5). Memory + sent = p always.
  sent = driver.apply(ef, v3);
  CHECK(sent == (VectorXd(4) << 0, 4, 0, 0).finished());
  CHECK(ef.memory() == (VectorXd(4) << 1, 0, 1, 1.5).finished());
  ef.reset();
  CHECK(ef.memory().norm() == 0);
  CHECK(driver.apply(ef, v1) == (VectorXd(4) << 3, 0, 0, 0).finished());
}

TEST_CASE("delay in fixed mode sends the input of tau calls earlier", "[delay]") {
  const auto p = testing::small_quadratic(1, 0.0, 2);
  estimators::Delay delay(3, false, 2);
  Driver driver(*p);
  for (int c = 0; c < 10; ++c) {
    const VectorXd out = driver.apply(delay, VectorXd::Constant(2, c));
    CHECK(out[0] == std::max(0, c - 3));
    CHECK(delay.last_staleness() == std::min(3, c));
  }
  delay.reset();
  CHECK(driver.apply(delay, VectorXd::Constant(2, 42))[0] == 42);
}

TEST_CASE("delay in random mode draws a staleness between 0 and min(tau; c)", "[delay]") {
  const auto p = testing::small_quadratic(1, 0.0, 2);
  estimators::Delay delay(4, true, 2);
  Driver driver(*p);
  std::vector<int> seen(5, 0);
  for (int c = 0; c < 400; ++c) {
    const VectorXd out =
        driver.apply(delay, VectorXd::Constant(2, c), static_cast<std::uint64_t>(c));
    const int staleness = delay.last_staleness();
    REQUIRE(staleness >= 0);
    REQUIRE(staleness <= std::min(4, c));
    CHECK(out[0] == c - staleness);
    ++seen[static_cast<std::size_t>(staleness)];
  }
  for (int s : seen) CHECK(s > 40);  // each of the 5 values about 80 times
}

TEST_CASE("reshuffle uses every example once per epoch and averages to the gradient",
          "[reshuffle]") {
  const auto p = testing::small_logistic(2, 0.01, 48, 4);  // 24 examples per worker
  auto pipeline = estimators::Pipeline::parse("reshuffle:b=6", *p);
  CHECK(pipeline.stateful());
  const VectorXd x = VectorXd::LinSpaced(4, -1, 1);
  estimators::Message m;
  m.resize(4);
  VectorXd mean = VectorXd::Zero(4), full(4);
  p->worker_value_gradient(1, x, full);
  for (int step = 0; step < 4; ++step) {  // one epoch: 24 / 6 batches
    core::Rng rng(static_cast<std::uint64_t>(step + 1));
    pipeline.run({*p, 1, x, rng, nullptr}, m);
    mean += m.values / 4;
  }
  CHECK((mean - full).norm() < 1e-13);
  CHECK_THROWS_WITH(estimators::Pipeline::parse("reshuffle:b=25", *p),
                    Catch::Matchers::Contains("[1, 24]"));
}

TEST_CASE("ef must wrap a compressor and stateful pipelines say so", "[ef]") {
  const auto p = testing::small_logistic(2);
  CHECK_THROWS_WITH(estimators::Pipeline::parse("exact+ef", *p),
                    Catch::Matchers::Contains("ef must be followed"));
  CHECK_THROWS_WITH(estimators::Pipeline::parse("ef+minibatch:b=2", *p),
                    Catch::Matchers::Contains("must come first"));
  const auto pipeline = estimators::Pipeline::parse("minibatch:b=4+ef+topk:k=2", *p);
  CHECK(pipeline.stateful());
  CHECK(pipeline.describe()[1]["stage"] == "ef");
  CHECK(pipeline.describe()[1]["compressor"]["k"] == 2);
  CHECK_FALSE(estimators::Pipeline::parse("minibatch:b=4+topk:k=2", *p).stateful());
}

TEST_CASE("a pipeline copy is a fork: it carries the state and leaves the original alone",
          "[reshuffle][delay][ef]") {
  const auto p = testing::small_logistic(1, 0.01, 12, 3);
  const VectorXd x = VectorXd::LinSpaced(3, -1, 1);
  for (const char* spec : {"reshuffle:b=3", "exact+delay:tau=2", "minibatch:b=2+ef+topk:k=1"}) {
    INFO(spec);
    auto pipeline = estimators::Pipeline::parse(spec, *p);
    estimators::Message m;
    m.resize(3);
    for (int step = 0; step < 2; ++step) {  // some state: epoch position, ring, memory
      core::Rng rng(static_cast<std::uint64_t>(step + 1));
      const VectorXd at = x * (1.0 + step);
      pipeline.run({*p, 0, at, rng, nullptr}, m);
    }
    auto fork = pipeline;
    core::Rng a(7), b(7);
    pipeline.run({*p, 0, x, a, nullptr}, m);
    const VectorXd original = m.values;
    fork.run({*p, 0, x, b, nullptr}, m);
    CHECK(m.values == original);
  }
}

TEST_CASE("reshuffle measured at a fork: within an epoch its next batch is known", "[reshuffle]") {
  // 12 examples, b = 3: 4 batches per epoch. Given the permutation and the position, the next
  // batch is deterministic: conditional bias ‖batch mean − ∇f(x)‖², conditional variance 0.
  // At the end of an epoch a fresh permutation is drawn: the next batch is then a uniform
  // 3-subset, unbiased, with variance (N − b)/(b(N − 1)) · (1/N) Σᵢ ‖∇ℓᵢ − ∇f‖².
  const auto p = testing::small_logistic(1, 0.01, 12, 3);
  const VectorXd x = VectorXd::LinSpaced(3, -1, 1);
  core::ThreadPool pool(2);
  auto pipeline = estimators::Pipeline::parse("reshuffle:b=3", *p);
  estimators::PointSampler sampler(*p, pipeline, {2000, 0.99, 3}, pool);
  CHECK_THROWS_WITH(sampler.measure(x, 0), Catch::Matchers::Contains("keeps state"));

  VectorXd gradient(3);
  problems::value_gradient(*p, x, gradient);
  estimators::Message m;
  m.resize(3);
  core::Rng rng(1);
  for (int step = 0; step < 4; ++step) {  // one epoch, measured before each of its batches
    std::vector<estimators::Pipeline> state = {pipeline};
    const auto measured = sampler.measure(x, static_cast<std::uint64_t>(step), state);
    pipeline.run({*p, 0, x, rng, nullptr}, m);  // the batch the run actually sends
    const auto& st = measured.stats;
    if (step == 0) continue;  // before the first call: a fresh permutation, checked below
    CHECK(st.b.value == Approx((m.values - gradient).squaredNorm()).epsilon(1e-10));
    CHECK(st.b.upper - st.b.lower < 1e-12);
    CHECK(st.v.value == Approx(0).margin(1e-24));
  }
  // The epoch is over: the next call draws a new permutation.
  double dispersion = 0;
  for (int i = 0; i < 12; ++i) {
    VectorXd g(3);
    const int example[] = {i};
    p->worker_batch_gradient(0, example, x, g);
    dispersion += (g - gradient).squaredNorm() / 12;
  }
  const double variance = (12.0 - 3) / (3 * (12.0 - 1)) * dispersion;
  std::vector<estimators::Pipeline> state = {pipeline};
  const auto st = sampler.measure(x, 9, state).stats;
  CHECK(st.b.lower <= 0);
  CHECK(st.b.upper >= 0);
  CHECK(st.v.lower <= variance);
  CHECK(st.v.upper >= variance);
  CHECK(st.v.value == Approx(variance).epsilon(0.1));
}

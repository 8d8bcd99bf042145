#include <catch2/catch.hpp>

#include "../problems/test_problems.hpp"
#include "core/thread_pool.hpp"
#include "estimators/pipeline.hpp"
#include "estimators/top_k.hpp"
#include "methods/in_process_communicator.hpp"
#include "methods/run_loop.hpp"
#include "methods/server_momentum.hpp"

using namespace biasbound;
using Eigen::VectorXd;
using methods::MomentumInit;

namespace {

// A method with its own pool and communicator.
struct Harness {
  Harness(const problems::Problem& p, const std::string& estimator, methods::MomentumParams params,
          int threads = 2)
      : pool(threads),
        communicator(p.workers(), p.dim(), pool),
        method(p, estimators::Pipeline::parse(estimator, p), params, communicator) {}
  core::ThreadPool pool;
  methods::InProcessCommunicator communicator;
  methods::ServerMomentum method;
};

}  // namespace

TEST_CASE("beta = 1 is plain distributed gradient descent, step by step", "[momentum]") {
  const auto p = testing::small_quadratic(4, 0.5);
  Harness h(*p, "exact", {0.3, 1.0, MomentumInit::kZero});
  h.method.reset(1);
  VectorXd x = p->initial_point(), grad(p->dim());
  for (int k = 0; k < 25; ++k) {
    const double f = problems::value_gradient(*p, x, grad);
    const auto observation = h.method.step();
    x -= 0.3 * grad;
    CHECK(observation.f == Approx(f).epsilon(1e-14));
    CHECK(observation.grad_norm2 == Approx(grad.squaredNorm()).epsilon(1e-14));
    REQUIRE((h.method.x() - x).norm() <= 1e-14 * (1 + x.norm()));
  }
}

TEST_CASE("beta = 1 with top-k steps along the mean of the workers' top-k gradients",
          "[momentum]") {
  const auto p = testing::small_quadratic(3, 0.8, 10);
  Harness h(*p, "topk:k=3", {0.2, 1.0, MomentumInit::kZero});
  h.method.reset(1);
  VectorXd x = p->initial_point(), grad(p->dim());
  estimators::TopK::Scratch scratch(10);
  std::vector<int> support;
  std::vector<double> kept(3);
  for (int k = 0; k < 10; ++k) {
    VectorXd mean = VectorXd::Zero(10);
    for (int w = 0; w < 3; ++w) {
      p->worker_value_gradient(w, x, grad);
      estimators::TopK::select(grad, 3, scratch, support, kept);
      mean += grad;
    }
    x -= 0.2 * mean / 3;
    h.method.step();
    REQUIRE((h.method.x() - x).norm() <= 1e-14 * (1 + x.norm()));
  }
}

TEST_CASE("both initialisations match a hand-computed three-step run", "[momentum]") {
  // f(x) = x² − b x (d = 1, L = μ = 2, one worker): g = 2x − b. With γ = 0.1, β = 0.5, x₀ = 0:
  //   init first: v₀ = −b, x₁ = 0.1b; g₁ = −0.8b, v₁ = −0.9b, x₂ = 0.19b;
  //               g₂ = −0.62b, v₂ = −0.76b, x₃ = 0.266b.
  //   init zero:  v₀ = −0.5b, x₁ = 0.05b; g₁ = −0.9b, v₁ = −0.7b, x₂ = 0.12b;
  //               g₂ = −0.76b, v₂ = −0.73b, x₃ = 0.193b.
  problems::QuadraticOptions o;
  o.dim = 1;
  o.L = o.mu = 2.0;
  const problems::Quadratic p(o, 1);
  const double b = p.worker_linear(0)[0];
  REQUIRE(std::abs(b) > 1e-3);
  auto trajectory = [&](MomentumInit init) {
    Harness h(p, "exact", {0.1, 0.5, init});
    std::vector<double> xs;
    for (int k = 0; k < 3; ++k) {
      h.method.step();
      xs.push_back(h.method.x()[0] / b);
    }
    return xs;
  };
  const auto first = trajectory(MomentumInit::kFirst);
  const auto zero = trajectory(MomentumInit::kZero);
  CHECK(first[0] == Approx(0.1).epsilon(1e-14));
  CHECK(first[1] == Approx(0.19).epsilon(1e-14));
  CHECK(first[2] == Approx(0.266).epsilon(1e-14));
  CHECK(zero[0] == Approx(0.05).epsilon(1e-14));
  CHECK(zero[1] == Approx(0.12).epsilon(1e-14));
  CHECK(zero[2] == Approx(0.193).epsilon(1e-14));
}

TEST_CASE("the same seed gives the same run for 1, 2 and 3 threads", "[momentum]") {
  const auto p = testing::small_logistic(6, 0.01, 240, 8);
  auto run = [&](int threads, std::uint64_t seed) {
    Harness h(*p, "minibatch:b=4+topk:k=3", {0.5, 0.3, MomentumInit::kZero}, threads);
    h.method.reset(seed);
    std::vector<double> fs;
    for (int k = 0; k < 40; ++k) fs.push_back(h.method.step().f);
    return std::pair{fs, VectorXd(h.method.x())};
  };
  const auto one = run(1, 5);
  const auto two = run(2, 5);
  const auto three = run(3, 5);
  CHECK(one.first == two.first);
  CHECK(one.first == three.first);
  CHECK((one.second - two.second).norm() == 0);
  CHECK((run(2, 6).second - two.second).norm() > 0);  // another seed, another sample path
}

TEST_CASE("reset starts an identical run; traffic follows the bit-cost model", "[momentum]") {
  const auto p = testing::small_logistic(4, 0.01, 120, 16);
  Harness h(*p, "minibatch:b=3+topk:k=5", {0.5, 0.5, MomentumInit::kZero});
  h.method.reset(9);
  for (int k = 0; k < 7; ++k) h.method.step();
  const VectorXd after_seven = h.method.x();
  h.method.observe();  // evaluation only: no traffic
  const auto& t = h.communicator.traffic();
  CHECK(t.rounds == 7);
  CHECK(t.bits_up == 7 * 4 * 5 * (32 + 4));
  CHECK(t.bits_down == 7 * 4 * 32 * 16);
  h.method.reset(9);
  CHECK(h.method.iteration() == 0);
  CHECK(h.method.v().norm() == 0);
  for (int k = 0; k < 7; ++k) h.method.step();
  CHECK((h.method.x() - after_seven).norm() == 0);
}

TEST_CASE("the method rejects impossible step sizes and momentum", "[momentum]") {
  const auto p = testing::small_quadratic(2);
  for (double gamma : {0.0, -1.0, std::numeric_limits<double>::infinity()})
    CHECK_THROWS_WITH(Harness(*p, "exact", {gamma, 0.5, MomentumInit::kZero}),
                      Catch::Matchers::Contains("MomentumParams.gamma = "));
  for (double beta : {0.0, -0.1, 1.5})
    CHECK_THROWS_WITH(Harness(*p, "exact", {0.1, beta, MomentumInit::kZero}),
                      Catch::Matchers::Contains("MomentumParams.beta = "));
}

TEST_CASE("traces record the cumulative bits before each iterate, seed by seed", "[momentum]") {
  const auto p = testing::small_logistic(4, 0.01, 120, 16);
  Harness h(*p, "minibatch:b=3+topk:k=5", {0.5, 0.5, MomentumInit::kZero});
  const double up = 4 * 5 * (32 + 4), down = 4 * 32 * 16;  // per round: 4 workers' top-5 of 16
  for (std::uint64_t seed : {3u, 4u}) {  // the communicator's totals run on across seeds
    const auto trace = methods::run_seed(h.method, seed, 6);
    REQUIRE(trace.bits_up.size() == 7);
    REQUIRE(trace.bits_down.size() == 7);
    for (std::size_t k = 0; k < 7; ++k) {
      CHECK(trace.bits_up[k] == k * up);
      CHECK(trace.bits_down[k] == k * down);
    }
  }
}

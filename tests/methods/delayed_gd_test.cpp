#include "methods/delayed_gd.hpp"

#include <catch2/catch.hpp>
#include <set>

#include "../problems/test_problems.hpp"
#include "core/thread_pool.hpp"
#include "methods/in_process_communicator.hpp"
#include "methods/server_momentum.hpp"

using namespace biasbound;
using Eigen::VectorXd;
using methods::Staleness;

namespace {

// A delayed-GD run with its own pool and communicator.
struct DelayedHarness {
  DelayedHarness(const problems::Problem& p, const std::string& compressor,
                 methods::DelayedGdParams params, int threads = 2)
      : pool(threads),
        communicator(p.workers(), p.dim(), pool),
        method(p, estimators::Pipeline::parse_compressor(compressor, p), params, communicator) {}
  core::ThreadPool pool;
  methods::InProcessCommunicator communicator;
  methods::DelayedGd method;
};

// Server momentum with β = 1: x_{k+1} = x_k − γ g_k for the estimator `estimator`.
struct MomentumHarness {
  MomentumHarness(const problems::Problem& p, const std::string& estimator, double gamma)
      : pool(2),
        communicator(p.workers(), p.dim(), pool),
        method(p, estimators::Pipeline::parse(estimator, p),
               {gamma, 1.0, methods::MomentumInit::kZero}, communicator) {}
  core::ThreadPool pool;
  methods::InProcessCommunicator communicator;
  methods::ServerMomentum method;
};

VectorXd gradient(const problems::Problem& p, const VectorXd& x) {
  VectorXd grad(p.dim());
  problems::value_gradient(p, x, grad);
  return grad;
}

}  // namespace

TEST_CASE("delay 0 is compressed GD, which is server momentum with beta = 1 and exact+C",
          "[delayed-gd]") {
  // Compressed GD x_{k+1} = x_k − γ (1/n) Σ_i C(∇f_i(x_k)) needs no class of its own.
  const auto p = testing::small_quadratic(3, 0.8, 10);
  for (const std::string compressor : {"identity", "topk:k=3", "randk:k=2", "qsgd:s=4"}) {
    DelayedHarness delayed(*p, compressor, {0.2, 0, Staleness::kRandom});
    MomentumHarness gd(*p, compressor == "identity" ? "exact" : "exact+" + compressor, 0.2);
    delayed.method.reset(4);
    gd.method.reset(4);
    for (int k = 0; k < 30; ++k) {
      const auto a = delayed.method.step();
      const auto b = gd.method.step();
      CHECK(delayed.method.staleness() == 0);
      CHECK(a.f == b.f);
      CHECK(a.grad_norm2 == b.grad_norm2);
      REQUIRE(delayed.method.x() == gd.method.x());
    }
  }
}

TEST_CASE("fixed delay steps along the gradient at x_{k - min(tau, k)}", "[delayed-gd]") {
  const auto p = testing::small_quadratic(3, 0.5, 8);
  const int tau = 3;
  const double gamma = 0.2;
  DelayedHarness h(*p, "identity", {gamma, tau, Staleness::kFixed});
  std::vector<VectorXd> history{h.method.x()};
  for (int k = 0; k < 25; ++k) {
    h.method.step();
    const int staleness = std::min(tau, k);
    const VectorXd stale = gradient(*p, history[static_cast<std::size_t>(k - staleness)]);
    CHECK(h.method.staleness() == staleness);
    REQUIRE((h.method.applied() - stale).norm() <= 1e-14 * (1 + stale.norm()));
    const VectorXd expected = history.back() - gamma * stale;
    REQUIRE((h.method.x() - expected).norm() <= 1e-14 * (1 + expected.norm()));
    history.push_back(h.method.x());
  }
}

TEST_CASE("fixed delay matches server momentum with the delay stage", "[delayed-gd]") {
  // With every worker equally stale, the server's ring and the workers' rings agree.
  const auto p = testing::small_quadratic(4, 0.5, 8);
  DelayedHarness delayed(*p, "identity", {0.1, 5, Staleness::kFixed});
  MomentumHarness gd(*p, "exact+delay:tau=5", 0.1);
  for (int k = 0; k < 30; ++k) {
    delayed.method.step();
    gd.method.step();
    REQUIRE(delayed.method.x() == gd.method.x());
  }
}

TEST_CASE("random delay draws every staleness from 0 to min(tau, k) and uses that iterate",
          "[delayed-gd]") {
  const auto p = testing::small_quadratic(2, 0.5, 6);
  const int tau = 4;
  DelayedHarness h(*p, "identity", {0.1, tau, Staleness::kRandom});
  h.method.reset(9);
  std::vector<VectorXd> history{h.method.x()};
  std::set<int> seen;
  for (int k = 0; k < 200; ++k) {
    h.method.step();
    const int staleness = h.method.staleness();
    REQUIRE(staleness >= 0);
    REQUIRE(staleness <= std::min(tau, k));
    seen.insert(staleness);
    const VectorXd stale = gradient(*p, history[static_cast<std::size_t>(k - staleness)]);
    REQUIRE((h.method.applied() - stale).norm() <= 1e-14 * (1 + stale.norm()));
    history.push_back(h.method.x());
  }
  CHECK(seen == std::set<int>{0, 1, 2, 3, 4});
}

TEST_CASE("random delay runs depend only on the seed", "[delayed-gd]") {
  const auto p = testing::small_quadratic(3, 0.5, 8);
  auto run = [&](int threads, std::uint64_t seed) {
    DelayedHarness h(*p, "randk:k=2", {0.05, 3, Staleness::kRandom}, threads);
    h.method.reset(seed);
    for (int k = 0; k < 40; ++k) h.method.step();
    return VectorXd(h.method.x());
  };
  CHECK((run(1, 2) - run(3, 2)).norm() == 0);
  CHECK((run(2, 2) - run(2, 3)).norm() > 0);
}

TEST_CASE("delayed GD rejects a negative delay and a non-positive step", "[delayed-gd]") {
  const auto p = testing::small_quadratic(1, 0.0, 4);
  CHECK_THROWS_WITH(DelayedHarness(*p, "identity", {0.1, -1, Staleness::kFixed}),
                    Catch::Contains("DelayedGdParams.tau = "));
  CHECK_THROWS_WITH(DelayedHarness(*p, "identity", {0.0, 1, Staleness::kFixed}),
                    Catch::Contains("DelayedGdParams.gamma = "));
}

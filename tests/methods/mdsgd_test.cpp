#include "methods/mdsgd.hpp"

#include <catch2/catch.hpp>

#include "../problems/test_problems.hpp"
#include "core/thread_pool.hpp"
#include "methods/in_process_communicator.hpp"
#include "methods/server_momentum.hpp"

using namespace biasbound;
using Eigen::VectorXd;

namespace {

// An MDSGD run with its own pool and communicator.
struct MdsgdHarness {
  MdsgdHarness(const problems::Problem& p, const std::string& estimator,
               const std::string& compressor, methods::MdsgdParams params, int threads = 2)
      : pool(threads),
        communicator(p.workers(), p.dim(), pool),
        method(p, estimators::Pipeline::parse(estimator, p),
               estimators::Pipeline::parse_compressor(compressor, p), params, communicator) {}
  core::ThreadPool pool;
  methods::InProcessCommunicator communicator;
  methods::Mdsgd method;
};

// Σ_i (u_{k,i} + c z_{k−1,i}) and its size Σ_i (‖u‖ + c‖z‖), for the virtual iterate.
std::pair<VectorXd, double> memory_sum(const methods::Mdsgd& m, int workers, double c) {
  VectorXd sum = VectorXd::Zero(m.x().size());
  double size = 0;
  for (int w = 0; w < workers; ++w) {
    sum += m.memory(w) + c * m.momentum(w);
    size += m.memory(w).norm() + c * m.momentum(w).norm();
  }
  return {sum, size};
}

}  // namespace

TEST_CASE("mdsgd without momentum and with an identity compressor is distributed SGD", "[mdsgd]") {
  const auto p = testing::small_logistic(3, 0.01, 120, 6);
  MdsgdHarness h(*p, "minibatch:b=4", "identity", {0.4, 0.0});
  core::ThreadPool pool(2);
  methods::InProcessCommunicator communicator(p->workers(), p->dim(), pool);
  methods::ServerMomentum sgd(*p, estimators::Pipeline::parse("minibatch:b=4", *p),
                              {0.4, 1.0, methods::MomentumInit::kZero}, communicator);
  h.method.reset(3);
  sgd.reset(3);
  for (int k = 0; k < 30; ++k) {
    const auto a = h.method.step();
    const auto b = sgd.step();
    CHECK(a.f == b.f);
    CHECK(a.grad_norm2 == b.grad_norm2);
    REQUIRE(h.method.x() == sgd.x());
    for (int w = 0; w < 3; ++w) REQUIRE(h.method.memory(w).norm() == 0);
  }
}

TEST_CASE("the virtual iterate of mdsgd follows distributed SGD with step eta/(1 - beta)",
          "[mdsgd]") {
  // u_{k+1} = u_k + z_k − C(w_k) and x_{k+1} = x_k − (η/n) Σ C(w_k), so
  // x̃_{k+1} − x̃_k = −(η/(n(1 − β̃))) Σ_i (z_{k,i} − β̃ z_{k−1,i}) = −(γ/n) Σ_i g_{k,i}.
  const auto p = testing::small_logistic(4, 0.01, 160, 8);
  const int n = p->workers();
  for (const double beta : {0.0, 0.5, 0.9}) {
    for (const std::uint64_t seed : {1u, 2u, 3u}) {
      const double eta = 0.2, gamma = eta / (1 - beta), c = beta / (1 - beta);
      MdsgdHarness h(*p, "minibatch:b=5", "topk:k=2", {eta, beta});
      h.method.reset(seed);
      for (int k = 0; k < 40; ++k) {
        const auto [before, before_size] = memory_sum(h.method, n, c);
        const VectorXd virtual_before = h.method.x() - eta / n * before;
        h.method.step();
        const auto [after, after_size] = memory_sum(h.method, n, c);
        const VectorXd virtual_after = h.method.x() - eta / n * after;
        VectorXd mean = VectorXd::Zero(p->dim());
        for (int w = 0; w < n; ++w) mean += h.method.estimate(w);
        mean /= n;
        const double scale =
            h.method.x().norm() + eta / n * (before_size + after_size) + gamma * mean.norm();
        REQUIRE((virtual_after - virtual_before + gamma * mean).norm() <= 1e-12 * scale);
      }
    }
  }
}

TEST_CASE("mdsgd runs are identical for 1 and 3 threads", "[mdsgd]") {
  const auto p = testing::small_logistic(6, 0.01, 240, 8);
  auto run = [&](int threads) {
    MdsgdHarness h(*p, "minibatch:b=4", "topk:k=3", {0.2, 0.7}, threads);
    h.method.reset(5);
    for (int k = 0; k < 40; ++k) h.method.step();
    return VectorXd(h.method.x());
  };
  CHECK((run(1) - run(3)).norm() == 0);
}

TEST_CASE("mdsgd rejects a momentum outside 0 <= beta < 1 and a non-positive step", "[mdsgd]") {
  const auto p = testing::small_quadratic(2, 0.0, 4);
  CHECK_THROWS_WITH(MdsgdHarness(*p, "exact", "identity", {0.1, 1.0}),
                    Catch::Contains("MdsgdParams.beta = "));
  CHECK_THROWS_WITH(MdsgdHarness(*p, "exact", "identity", {0.0, 0.5}),
                    Catch::Contains("MdsgdParams.eta = "));
}

#include "methods/ef_sgd.hpp"

#include <catch2/catch.hpp>

#include "../problems/test_problems.hpp"
#include "core/thread_pool.hpp"
#include "estimators/top_k.hpp"
#include "methods/in_process_communicator.hpp"
#include "methods/server_momentum.hpp"
#include "separable_quadratic.hpp"

using namespace biasbound;
using Eigen::VectorXd;

namespace {

// An EF-SGD run with its own pool and communicator.
struct EfHarness {
  EfHarness(const problems::Problem& p, const std::string& estimator, const std::string& compressor,
            double gamma, int threads = 2)
      : pool(threads),
        communicator(p.workers(), p.dim(), pool),
        method(p, estimators::Pipeline::parse(estimator, p),
               estimators::Pipeline::parse_compressor(compressor, p), gamma, communicator) {}
  core::ThreadPool pool;
  methods::InProcessCommunicator communicator;
  methods::EfSgd method;
};

}  // namespace

TEST_CASE("error feedback with an identity compressor is SGD, step by step", "[ef-sgd]") {
  const auto p = testing::small_logistic(3, 0.01, 120, 6);
  EfHarness ef(*p, "minibatch:b=4", "topk:k=6", 0.4);
  core::ThreadPool pool(2);
  methods::InProcessCommunicator communicator(p->workers(), p->dim(), pool);
  methods::ServerMomentum sgd(*p, estimators::Pipeline::parse("minibatch:b=4", *p),
                              {0.4, 1.0, methods::MomentumInit::kZero}, communicator);
  ef.method.reset(7);
  sgd.reset(7);
  for (int k = 0; k < 30; ++k) {
    const auto a = ef.method.step();
    const auto b = sgd.step();
    CHECK(a.f == Approx(b.f).epsilon(1e-13));
    CHECK(a.grad_norm2 == Approx(b.grad_norm2).epsilon(1e-13));
    REQUIRE((ef.method.x() - sgd.x()).norm() <= 1e-14 * (1 + sgd.x().norm()));
    for (int w = 0; w < 3; ++w) REQUIRE(ef.method.memory(w).norm() == 0);
  }
}

TEST_CASE("error feedback with top-1 matches a hand-computed two-step run", "[ef-sgd]") {
  // f(x) = ½‖x‖² − bᵀx, b = (3, −2, 1), x₀ = 0, γ = 0.5, one worker:
  //   g₀ = (−3, 2, −1), p₀ = (−1.5, 1, −0.5), Δ₀ = (−1.5, 0, 0), x₁ = (1.5, 0, 0), e₁ = (0, 1,
  //   −0.5) g₁ = (−1.5, 2, −1), p₁ = (−0.75, 2, −1), Δ₁ = (0, 2, 0), x₂ = (1.5, −2, 0), e₂ =
  //   (−0.75, 0, −1); f(x₀) = 0, ‖g₀‖² = 14, f(x₁) = −3.375, ‖g₁‖² = 7.25.
  const testing::SeparableQuadratic p(VectorXd::Ones(3), {VectorXd{{3.0, -2.0, 1.0}}});
  EfHarness h(p, "exact", "topk:k=1", 0.5);
  auto first = h.method.step();
  CHECK(first.f == 0);
  CHECK(first.grad_norm2 == 14);
  CHECK(h.method.x() == VectorXd{{1.5, 0, 0}});
  CHECK(h.method.memory(0) == VectorXd{{0, 1, -0.5}});
  auto second = h.method.step();
  CHECK(second.f == -3.375);
  CHECK(second.grad_norm2 == 7.25);
  CHECK(h.method.x() == VectorXd{{1.5, -2, 0}});
  CHECK(h.method.memory(0) == VectorXd{{-0.75, 0, -1}});
}

TEST_CASE("each worker's memory is p − C(p) and the step is the mean of the C(p)", "[ef-sgd]") {
  const auto p = testing::small_quadratic(3, 0.8, 10);
  const double gamma = 0.3;
  EfHarness h(*p, "exact", "topk:k=2", gamma);
  estimators::TopK::Scratch scratch(10);
  std::vector<int> support;
  std::vector<double> kept(2);
  VectorXd grad(10);
  for (int k = 0; k < 15; ++k) {
    VectorXd x = h.method.x(), mean = VectorXd::Zero(10);
    std::vector<VectorXd> expected_memory;
    for (int w = 0; w < 3; ++w) {
      p->worker_value_gradient(w, x, grad);
      const VectorXd p_w = gamma * grad + h.method.memory(w);
      VectorXd compressed = p_w;
      estimators::TopK::select(compressed, 2, scratch, support, kept);
      expected_memory.push_back(p_w - compressed);
      mean += compressed;
    }
    h.method.step();
    for (int w = 0; w < 3; ++w)
      REQUIRE((h.method.memory(w) - expected_memory[static_cast<std::size_t>(w)]).norm() <=
              1e-14 * (1 + expected_memory[static_cast<std::size_t>(w)].norm()));
    REQUIRE((h.method.x() - (x - mean / 3)).norm() <= 1e-14 * (1 + x.norm()));
  }
}

TEST_CASE("error feedback runs are identical for 1, 2 and 3 threads", "[ef-sgd]") {
  const auto p = testing::small_logistic(6, 0.01, 240, 8);
  auto run = [&](int threads, std::uint64_t seed) {
    EfHarness h(*p, "minibatch:b=4", "topk:k=3", 0.5, threads);
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
  CHECK((one.second - three.second).norm() == 0);
  CHECK((run(2, 6).second - two.second).norm() > 0);  // another seed, another sample path
}

TEST_CASE("a compressor spec names transforms only", "[ef-sgd]") {
  const auto p = testing::small_quadratic(1, 0.0, 4);
  CHECK_THROWS_WITH(estimators::Pipeline::parse_compressor("exact", *p), Catch::Contains("gradient source"));
  CHECK_THROWS_WITH(estimators::Pipeline::parse_compressor("nope:k=1", *p), Catch::Contains("unknown stage"));
  CHECK_THROWS_WITH(estimators::Pipeline::parse_compressor("topk:k=5", *p), Catch::Contains("k must be"));
}

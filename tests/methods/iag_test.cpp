#include "methods/iag.hpp"

#include <catch2/catch.hpp>
#include <set>

#include "../problems/test_problems.hpp"
#include "core/thread_pool.hpp"
#include "methods/delayed_gd.hpp"
#include "methods/in_process_communicator.hpp"

using namespace biasbound;
using Eigen::VectorXd;
using methods::RefreshOrder;

namespace {

// An IAG run with its own pool and communicator.
struct IagHarness {
  IagHarness(const problems::Problem& p, const std::string& compressor, methods::IagParams params,
             int threads = 2)
      : pool(threads),
        communicator(p.workers(), p.dim(), pool),
        method(p, estimators::Pipeline::parse_compressor(compressor, p), params, communicator) {}
  core::ThreadPool pool;
  methods::InProcessCommunicator communicator;
  methods::Iag method;
};

// C(∇f_i(x)) for a deterministic C, computed the way a worker does (worker_pass, then C), and
// made dense the way the server receives it.
VectorXd compressed_gradient(const problems::Problem& p, estimators::Pipeline& compressor,
                             int worker, const VectorXd& x) {
  VectorXd grad(p.dim());
  problems::ShardCounts counts;
  p.worker_pass(worker, x, grad, counts);
  core::Rng rng;
  estimators::Message message;
  message.resize(p.dim());
  message.values = grad;
  compressor.run({p, worker, x, rng, &grad}, message);
  VectorXd dense = VectorXd::Zero(p.dim());
  if (message.sparse)
    for (int i : message.support) dense[i] += message.values[i];
  else
    dense += message.values;
  return dense;
}

}  // namespace

TEST_CASE("cyclic IAG with a deterministic compressor is delayed compressed GD with tau_i(k)",
          "[iag]") {
  // The reference keeps the history of x and the step of every worker's last refresh: step 0
  // refreshes all, step k ≥ 1 refreshes k mod n. It sums the workers in order and divides by n
  // as the method does, so the two agree bit for bit (the same operations on the same doubles).
  const auto p = testing::small_quadratic(4, 0.8, 10);
  const int n = p->workers();
  const double gamma = 0.15;
  for (const std::string spec : {"identity", "topk:k=3"}) {
    INFO(spec);
    IagHarness h(*p, spec, {gamma, RefreshOrder::kCyclic});
    auto compressor = estimators::Pipeline::parse_compressor(spec, *p);
    h.method.reset(3);
    std::vector<VectorXd> history{h.method.x()};
    std::vector<int> last(static_cast<std::size_t>(n), 0);
    for (int k = 0; k < 40; ++k) {
      if (k > 0) last[static_cast<std::size_t>(k % n)] = k;
      VectorXd mean = VectorXd::Zero(p->dim());
      for (int i = 0; i < n; ++i)
        mean += compressed_gradient(
            *p, compressor, i,
            history[static_cast<std::size_t>(last[static_cast<std::size_t>(i)])]);
      mean /= n;
      const VectorXd next = history.back() - gamma * mean;
      const auto observed = h.method.step();
      CHECK(observed.f == Approx(problems::value(*p, history.back())).epsilon(1e-12));
      for (int i = 0; i < n; ++i)
        CHECK(h.method.refreshed_at(i) == last[static_cast<std::size_t>(i)]);
      REQUIRE(h.method.x() == next);
      history.push_back(next);
    }
  }
}

TEST_CASE("IAG with one worker is delayed GD with tau = 0 bit for bit", "[iag]") {
  const auto p = testing::small_quadratic(1, 0.5, 8);
  for (const std::string spec : {"identity", "topk:k=3", "randk:k=2", "qsgd:s=4"}) {
    INFO(spec);
    IagHarness iag(*p, spec, {0.2, RefreshOrder::kCyclic});
    core::ThreadPool pool(2);
    methods::InProcessCommunicator communicator(p->workers(), p->dim(), pool);
    methods::DelayedGd gd(*p, estimators::Pipeline::parse_compressor(spec, *p),
                          {0.2, 0, methods::Staleness::kFixed}, communicator);
    iag.method.reset(6);
    gd.reset(6);
    for (int k = 0; k < 30; ++k) {
      const auto a = iag.method.step();
      const auto b = gd.step();
      CHECK(a.f == b.f);
      CHECK(a.grad_norm2 == b.grad_norm2);
      REQUIRE(iag.method.x() == gd.x());
    }
    CHECK(iag.communicator.traffic().bits_up == communicator.traffic().bits_up);
    CHECK(iag.communicator.traffic().bits_down == communicator.traffic().bits_down);
  }
}

TEST_CASE("cyclic IAG stores no message older than n - 1 steps; random order may", "[iag]") {
  const auto p = testing::small_quadratic(4, 0.8, 6);
  const long long n = p->workers();
  IagHarness cyclic(*p, "identity", {0.1, RefreshOrder::kCyclic});
  IagHarness random(*p, "identity", {0.1, RefreshOrder::kRandom});
  long long oldest_random = 0;
  std::set<int> refreshed;
  for (long long k = 0; k < 200; ++k) {
    cyclic.method.step();
    random.method.step();
    if (k > 0) CHECK(cyclic.method.refreshed() == static_cast<int>(k % n));
    if (k > 0) refreshed.insert(random.method.refreshed());
    for (int i = 0; i < n; ++i) {
      CHECK(k - cyclic.method.refreshed_at(i) <= n - 1);
      oldest_random = std::max(oldest_random, k - random.method.refreshed_at(i));
    }
  }
  CHECK(refreshed.size() == static_cast<std::size_t>(n));  // every worker is drawn
  CHECK(oldest_random > n - 1);  // why validation refuses the random order
}

TEST_CASE("IAG sends one message per step after the first round", "[iag]") {
  const auto p = testing::small_quadratic(3, 0.5, 16);
  const int n = p->workers();
  const int steps = 12;
  for (const std::string spec : {"identity", "topk:k=4"}) {
    INFO(spec);
    IagHarness h(*p, spec, {0.1, RefreshOrder::kCyclic});
    auto compressor = estimators::Pipeline::parse_compressor(spec, *p);
    const double message_bits = compressor.stages().empty()
                                    ? estimators::dense_bits(p->dim())
                                    : *compressor.stages().front()->message_bits(p->dim());
    for (int k = 0; k < steps; ++k) h.method.step();
    h.method.observe();  // evaluation sends nothing
    const auto& t = h.communicator.traffic();
    CHECK(t.rounds == n + steps - 1);
    CHECK(t.bits_up == (n + steps - 1) * message_bits);
    CHECK(t.bits_down == (n + steps - 1) * estimators::dense_bits(p->dim()));
  }
}

TEST_CASE("a random compressor's stored draw is reused until its worker refreshes", "[iag]") {
  const auto p = testing::small_quadratic(3, 0.5, 12);
  IagHarness h(*p, "randk:k=3", {0.05, RefreshOrder::kCyclic});
  h.method.step();
  const VectorXd kept = h.method.stored(2);
  h.method.step();  // worker 1 refreshes; worker 2's draw stays
  CHECK(h.method.refreshed() == 1);
  CHECK(h.method.stored(2) == kept);
  h.method.step();
  CHECK(h.method.stored(2) != kept);
}

TEST_CASE("IAG parameters and refresh orders are checked by name", "[iag]") {
  const auto p = testing::small_quadratic(2, 0.5, 4);
  core::ThreadPool pool(1);
  methods::InProcessCommunicator communicator(p->workers(), p->dim(), pool);
  const auto identity = estimators::Pipeline::parse_compressor("identity", *p);
  CHECK_THROWS_WITH(methods::Iag(*p, identity, {0.0, RefreshOrder::kCyclic}, communicator),
                    Catch::Contains("IagParams.gamma"));
  CHECK_THROWS_WITH(methods::Iag(*p, identity, {-1.0, RefreshOrder::kCyclic}, communicator),
                    Catch::Contains("IagParams.gamma"));
  CHECK_THROWS_WITH(methods::parse_refresh_order("round-robin", "method.order"),
                    Catch::Contains("method.order") && Catch::Contains("round-robin"));
  CHECK(methods::parse_refresh_order("random", "x") == RefreshOrder::kRandom);
  CHECK(methods::to_string(RefreshOrder::kCyclic) == "cyclic");
}

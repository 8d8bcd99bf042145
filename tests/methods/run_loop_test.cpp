// The one run loop: every catalog method driven by it takes the same steps as by hand, the one
// divergence rule in both of its forms, and the callback protocol (order, stopping, reasons).

#include "methods/run_loop.hpp"

#include <catch2/catch.hpp>
#include <limits>
#include <string>
#include <vector>

#include "../problems/test_problems.hpp"
#include "core/error.hpp"
#include "core/thread_pool.hpp"
#include "methods/callbacks/early_stop_at_min_loss.hpp"
#include "methods/callbacks/function_callbacks.hpp"
#include "methods/callbacks/time_limit.hpp"
#include "methods/callbacks/virtual_sequence.hpp"
#include "methods/in_process_communicator.hpp"
#include "methods/run.hpp"
#include "methods/seed_run.hpp"

using namespace biasbound;
using methods::LoopState;
using methods::Observation;

namespace {

// A method with scripted observations: step k reports f = values[k] and moves x to next_x[k].
class ScriptedMethod final : public methods::Method {
 public:
  ScriptedMethod(std::vector<double> values, std::vector<double> next_x)
      : values_(std::move(values)), next_x_(std::move(next_x)), x_(1) {}

  void reset(std::uint64_t /*seed*/) override {
    k_ = 0;
    x_.setZero();
  }
  Observation step() override {
    const auto k = static_cast<std::size_t>(k_++);
    const Observation o{values_.at(k), 1.0};
    x_[0] = next_x_.at(k);
    return o;
  }
  Observation observe() override { return {values_.at(static_cast<std::size_t>(k_)), 1.0}; }
  const problems::Vector& x() const override { return x_; }
  long long iteration() const override { return k_; }
  // No traffic: a scripted method has no workers.
  const methods::Communicator& communicator() const override { return silent_; }
  std::string_view name() const override { return "scripted"; }

 private:
  std::vector<double> values_;
  std::vector<double> next_x_;
  long long k_ = 0;
  problems::Vector x_;
  struct Silent final : methods::Communicator {
    int workers() const override { return 0; }
    void round(problems::ConstVectorRef, methods::RoundKind, const methods::WorkerTask&,
               methods::RoundResult&) override {}
    void round_one(problems::ConstVectorRef, int, const methods::WorkerTask&,
                   methods::RoundResult&) override {}
  } silent_;
};

// Logs every hook call as "hook:k".
struct HookLog {
  std::vector<std::string>* log;
  long long stop_before = -1;  // should_stop says yes at this k
  long long stop_after = -1;   // observed says yes at this k

  void begin_seed(LoopState& s) { log->push_back("begin:" + std::to_string(s.k)); }
  bool should_stop(const LoopState& s) {
    log->push_back("should_stop:" + std::to_string(s.k));
    return s.k == stop_before;
  }
  void before_step(LoopState& s) { log->push_back("before:" + std::to_string(s.k)); }
  bool observed(LoopState& s, const Observation&) {
    log->push_back("observed:" + std::to_string(s.k));
    return s.k == stop_after;
  }
  void end_seed(LoopState& s) { log->push_back("end:" + std::to_string(s.k)); }
  std::string stop_reason() const { return "the log said so"; }
};

methods::MethodSpec spec_of(methods::MethodKind kind) {
  methods::MethodSpec s;
  s.kind = kind;
  s.gamma = 0.05;
  s.estimator = "minibatch:b=4+topk:k=3";
  s.compressor = "topk:k=2";
  s.beta = 0.5;
  s.beta_tilde = 0.3;
  s.tau = 2;
  s.blocks = 2;
  if (kind != methods::MethodKind::kServerMomentum) s.estimator = "minibatch:b=4";
  return s;
}

}  // namespace

TEST_CASE("the loop takes the same steps as driving each catalog method by hand", "[run-loop]") {
  const auto p = testing::small_logistic(3, 0.01, 120, 6);
  for (auto kind : {methods::MethodKind::kServerMomentum, methods::MethodKind::kEfSgd,
                    methods::MethodKind::kMdsgd, methods::MethodKind::kDelayedGd,
                    methods::MethodKind::kBlockCoordinate, methods::MethodKind::kIag}) {
    INFO(methods::to_string(kind));
    const auto spec = spec_of(kind);
    const auto looped = methods::run_seed(*p, spec, 5, 30, false);

    core::ThreadPool pool(2);
    methods::InProcessCommunicator communicator(p->workers(), p->dim(), pool);
    const auto method = methods::make_method(*p, spec, communicator);
    CHECK(method->name() == methods::to_string(kind));
    method->reset(5);
    std::vector<double> f;
    for (int k = 0; k < 30; ++k) f.push_back(method->step().f);
    f.push_back(method->observe().f);
    REQUIRE(looped.f.size() == 31);
    CHECK(looped.f == f);  // bit for bit: the loop adds nothing to the arithmetic
    CHECK_FALSE(looped.divergence);
    CHECK_FALSE(looped.stopped);
    // observe() sends nothing; IAG's first step is one single-sender round per worker.
    const long long first = kind == methods::MethodKind::kIag ? p->workers() : 1;
    CHECK(method->communicator().traffic().rounds == 29 + first);
  }
}

TEST_CASE("hooks are called in order and every callback sees every row", "[run-loop]") {
  ScriptedMethod method({3, 2, 1, 0.5}, {1, 2, 3});
  std::vector<std::string> a, b;
  const auto trace = methods::run_seed(method, 9, 3, HookLog{&a}, HookLog{&b});
  const std::vector<std::string> expected = {
      "begin:0",       "should_stop:0", "before:0",      "observed:0", "should_stop:1",
      "before:1",      "observed:1",    "should_stop:2", "before:2",   "observed:2",
      "should_stop:3", "before:3",      "observed:3",    "end:3"};
  CHECK(a == expected);
  CHECK(b == expected);
  CHECK(trace.seed == 9);
  CHECK(trace.f == std::vector<double>{3, 2, 1, 0.5});
  CHECK_FALSE(trace.stopped);
}

TEST_CASE("should_stop ends the run before the iterate, observed right after it", "[run-loop]") {
  ScriptedMethod method({5, 4, 3, 2, 1, 0}, {1, 2, 3, 4, 5});
  std::vector<std::string> log;
  const auto before = methods::run_seed(method, 1, 5, HookLog{&log, 2});
  CHECK(before.f == std::vector<double>{5, 4});  // rows 0 and 1; iterate 2 never stepped from
  REQUIRE(before.stopped);
  CHECK(*before.stopped == "the log said so");
  CHECK(method.iteration() == 2);

  const auto after = methods::run_seed(method, 1, 5, HookLog{&log, -1, 2});
  CHECK(after.f == std::vector<double>{5, 4, 3});
  REQUIRE(after.stopped);
  CHECK(method.iteration() == 3);

  // The first callback that asks gives the reason; a callback without stop_reason() a default.
  const auto first = methods::run_seed(
      method, 1, 5,
      methods::callbacks::OnObserved([](LoopState& s, const Observation&) { return s.k == 1; }),
      HookLog{&log, -1, 1});
  REQUIRE(first.stopped);
  CHECK(*first.stopped == "stopped by a callback");
  CHECK(first.f.size() == 2);
}

TEST_CASE("a run diverges where f is not finite: that row is kept and named", "[run-loop]") {
  const double inf = std::numeric_limits<double>::infinity();
  ScriptedMethod method({4, 2, inf, 1}, {1, 2, 3});
  const auto trace = methods::run_seed(method, 1, 3);
  REQUIRE(trace.divergence);
  CHECK_THAT(*trace.divergence, Catch::Contains("diverged at iteration 2: f(x_2) = inf"));
  CHECK(trace.f.size() == 3);
  CHECK(trace.divergence_iteration() == 2);
  CHECK_FALSE(trace.stopped);
}

TEST_CASE("a run diverges where a step leaves the finite numbers: rows end before it",
          "[run-loop]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  ScriptedMethod method({4, 2, 1, 1}, {1, nan, 3});
  const auto trace = methods::run_seed(method, 1, 3);
  REQUIRE(trace.divergence);
  CHECK_THAT(*trace.divergence,
             Catch::Contains("diverged at iteration 2: the iterate x_2 is not finite"));
  CHECK(trace.f == std::vector<double>{4, 2});
  CHECK(trace.divergence_iteration() == 2);
}

TEST_CASE("a real method diverging at a huge step stops with the same rule", "[run-loop]") {
  const auto p = testing::small_quadratic(2);
  methods::MethodSpec spec;
  spec.estimator = "exact";
  spec.gamma = 1e3;
  const auto trace = methods::run_seed(*p, spec, 1, 1000, false);
  REQUIRE(trace.divergence);
  CHECK(trace.f.size() < 1001);
  CHECK(trace.divergence_iteration() >= static_cast<long long>(trace.f.size()) - 1);
}

TEST_CASE("EarlyStopAtMinLoss stops after `patience` rows without a new minimum",
          "[run-loop][callbacks]") {
  ScriptedMethod method({5, 3, 4, 4, 6, 7, 1, 0}, {0, 0, 0, 0, 0, 0, 0});
  const auto trace = methods::run_seed(method, 1, 7, methods::callbacks::EarlyStopAtMinLoss(3));
  CHECK(trace.f == std::vector<double>{5, 3, 4, 4, 6});  // best at k = 1, then 3 rows worse
  REQUIRE(trace.stopped);
  CHECK_THAT(*trace.stopped, Catch::Contains("for 3 iterations"));
  // Each seed starts afresh.
  const auto again = methods::run_seed(method, 2, 7, methods::callbacks::EarlyStopAtMinLoss(10));
  CHECK(again.f.size() == 8);
  CHECK_FALSE(again.stopped);
  CHECK_THROWS_AS(methods::callbacks::EarlyStopAtMinLoss(0), core::InputError);
}

TEST_CASE("a spent TimeLimit stops before the first step", "[run-loop][callbacks]") {
  ScriptedMethod method({1, 1}, {0});
  const auto trace = methods::run_seed(method, 1, 1, methods::callbacks::TimeLimit(0));
  CHECK(trace.f.empty());
  REQUIRE(trace.stopped);
  CHECK_THAT(*trace.stopped, Catch::Contains("time limit of 0 s"));
  const auto roomy = methods::run_seed(method, 1, 1, methods::callbacks::TimeLimit(3600));
  CHECK(roomy.f.size() == 2);
  CHECK_THROWS_AS(methods::callbacks::TimeLimit(-1), core::InputError);
}

TEST_CASE("the virtual sequence is server momentum's alone", "[run-loop][callbacks]") {
  ScriptedMethod method({1, 1}, {0});
  CHECK_THROWS_WITH(methods::run_seed(method, 1, 1, methods::callbacks::VirtualSequence()),
                    Catch::Contains("not scripted's"));
}

TEST_CASE("run: seeds one after another, typed traces, the same as seed by seed", "[run-loop]") {
  const auto p = testing::small_logistic(3, 0.01, 120, 6);
  const auto spec = spec_of(methods::MethodKind::kEfSgd);
  const auto runs = methods::run(*p, spec, {.iterations = 20, .seeds = 3, .first_seed = 4});
  CHECK(runs.method == "ef-sgd");
  CHECK(runs.iterations == 20);
  REQUIRE(runs.seeds.size() == 3);
  for (int r = 0; r < 3; ++r) {
    const auto alone = methods::run_seed(*p, spec, 4 + r, 20, false);
    CHECK(runs.seeds[r].seed == 4u + r);
    CHECK(runs.seeds[r].f == alone.f);
  }
  CHECK(runs.traffic.rounds == 60);
  CHECK(runs.diverged() == 0);
  CHECK_THAT(runs.brief_report(), Catch::Contains("ef-sgd: 3 seeds x 20 iterations"));
  CHECK(runs.to_json().at("seeds").at(2).at("f").size() == 21);

  // Callbacks see every seed; a user-built method runs the same way.
  int begun = 0;
  struct Count {
    int* begun;
    void begin_seed(LoopState&) { ++*begun; }
  };
  const auto mine = methods::run(
      *p, [&](methods::Communicator& c) { return methods::make_method(*p, spec, c); },
      {.iterations = 5, .seeds = 2}, Count{&begun});
  CHECK(begun == 2);
  CHECK(mine.seeds.size() == 2);

  CHECK_THROWS_WITH(methods::run(*p, spec, {.iterations = 0}),
                    Catch::Contains("RunOptions.iterations"));
  CHECK_THROWS_WITH(methods::run(*p, spec, {.seeds = 0}), Catch::Contains("RunOptions.seeds"));
}

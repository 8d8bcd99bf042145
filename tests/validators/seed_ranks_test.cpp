// What travels between the ranks of an MPI validation (validators/seed_ranks.hpp): a seed task
// and the traces that come back, each read back identical to the bit — schedules, NaN and ∞ of
// a diverged seed, and 64-bit seeds included.

#include <catch2/catch.hpp>

#include <bit>
#include <cmath>
#include <limits>
#include <random>

#include "validators/seed_ranks.hpp"

namespace {

using namespace biasbound;

// Any double: every bit pattern that is not a NaN, so finite values, subnormals, ±0 and ±∞.
double any_double(std::mt19937_64& rng) {
  for (;;) {
    const double x = std::bit_cast<double>(rng());
    if (!std::isnan(x)) return x;
  }
}

std::vector<double> any_doubles(std::mt19937_64& rng, std::size_t n) {
  std::vector<double> values(n);
  for (auto& v : values) v = any_double(rng);
  return values;
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::bit_cast<std::uint64_t>(a[i]) != std::bit_cast<std::uint64_t>(b[i])) return false;
  return true;
}

}  // namespace

TEST_CASE("a seed task reads back as sent, schedules and every method field included",
          "[seed_ranks]") {
  std::mt19937_64 rng(2026);
  for (int trial = 0; trial < 1000; ++trial) {
    validators::SeedTask task;
    task.problem = "logistic:data=synthetic,n=" + std::to_string(trial);
    task.workers = 1 + trial % 7;
    auto& m = task.method;
    m.kind = static_cast<methods::MethodKind>(trial % 6);
    m.estimator = trial % 2 ? "minibatch:b=8+topk:k=3" : "";
    m.compressor = trial % 3 ? "randk:k=2" : "";
    const double gamma = std::abs(any_double(rng));
    if (trial % 2)
      m.gamma = gamma;
    else
      m.gamma = methods::StepSize::piecewise(
          {{static_cast<long long>(rng() % 1000) + 1, gamma}, {7, std::abs(any_double(rng))}});
    m.beta = any_double(rng);
    m.init = trial % 2 ? methods::MomentumInit::kFirst : methods::MomentumInit::kZero;
    m.beta_tilde = any_double(rng);
    m.tau = trial % 5;
    m.staleness = trial % 2 ? methods::Staleness::kRandom : methods::Staleness::kFixed;
    m.blocks = 1 + trial % 4;
    m.order = trial % 3 ? methods::RefreshOrder::kRandom : methods::RefreshOrder::kCyclic;
    task.seeds = {rng(), 1, std::numeric_limits<std::uint64_t>::max()};
    task.iterations = static_cast<long long>(rng() % 100000);
    task.virtual_sequence = trial % 2 == 0;
    task.threads = trial % 3;

    const auto back = validators::decode_task(validators::encode(task));
    CHECK(back.problem == task.problem);
    CHECK(back.workers == task.workers);
    CHECK(back.seeds == task.seeds);
    CHECK(back.iterations == task.iterations);
    CHECK(back.virtual_sequence == task.virtual_sequence);
    CHECK(back.threads == task.threads);
    const auto& b = back.method;
    CHECK(b.kind == m.kind);
    CHECK(b.estimator == m.estimator);
    CHECK(b.compressor == m.compressor);
    CHECK(b.gamma == m.gamma);  // stages and γ to the bit, constant or not
    CHECK(b.gamma.constant() == m.gamma.constant());
    CHECK(std::bit_cast<std::uint64_t>(b.beta) == std::bit_cast<std::uint64_t>(m.beta));
    CHECK(b.init == m.init);
    CHECK(std::bit_cast<std::uint64_t>(b.beta_tilde) == std::bit_cast<std::uint64_t>(m.beta_tilde));
    CHECK(b.tau == m.tau);
    CHECK(b.staleness == m.staleness);
    CHECK(b.blocks == m.blocks);
    CHECK(b.order == m.order);
  }
}

TEST_CASE("traces read back to the bit, a diverged one's NaN and ∞ included", "[seed_ranks]") {
  std::mt19937_64 rng(7);
  std::vector<methods::SeedTrace> traces;
  for (int t = 0; t < 50; ++t) {
    methods::SeedTrace trace;
    trace.seed = rng();
    const auto rows = static_cast<std::size_t>(rng() % 300);
    trace.f = any_doubles(rng, rows);
    trace.grad_norm2 = any_doubles(rng, rows);
    if (t % 2) {
      trace.f_virtual = any_doubles(rng, rows);
      trace.v_norm2 = any_doubles(rng, rows);
    }
    trace.bits_up = any_doubles(rng, rows);
    trace.bits_down = any_doubles(rng, rows);
    if (t % 3 == 0 && rows > 0) {
      trace.f.back() = std::numeric_limits<double>::quiet_NaN();
      trace.grad_norm2.back() = std::numeric_limits<double>::infinity();
      trace.divergence = "diverged at iteration " + std::to_string(rows - 1) + ": f = nan";
    }
    if (t % 5 == 0) trace.stopped = "interrupted";
    traces.push_back(std::move(trace));
  }
  const auto back = validators::decode_traces(validators::encode(traces));
  REQUIRE(back.size() == traces.size());
  for (std::size_t t = 0; t < traces.size(); ++t) {
    const auto& a = traces[t];
    const auto& b = back[t];
    CHECK(b.seed == a.seed);
    CHECK(b.f.size() == a.f.size());
    for (std::size_t k = 0; k < a.f.size(); ++k)
      CHECK((std::isnan(a.f[k])
                 ? std::isnan(b.f[k])
                 : std::bit_cast<std::uint64_t>(a.f[k]) == std::bit_cast<std::uint64_t>(b.f[k])));
    CHECK(same_bits(b.grad_norm2, a.grad_norm2));
    CHECK(same_bits(b.f_virtual, a.f_virtual));
    CHECK(same_bits(b.v_norm2, a.v_norm2));
    CHECK(same_bits(b.bits_up, a.bits_up));
    CHECK(same_bits(b.bits_down, a.bits_down));
    CHECK(b.divergence == a.divergence);
    CHECK(b.stopped == a.stopped);
  }
}

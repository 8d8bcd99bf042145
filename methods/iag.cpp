#include "methods/iag.hpp"
#include "methods/worker_start.hpp"

#include <algorithm>
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>
#include <limits>

#include "core/error.hpp"

namespace biasbound::methods {
namespace {

// The key of the server's refresh stream, beside its staleness and block streams
// (methods/staleness.cpp, methods/block_coordinate.cpp), out of reach of every worker index.
constexpr std::uint64_t kRefreshStream = std::numeric_limits<std::uint64_t>::max() - 2;

const IagParams& checked_iag(const IagParams& params) {
  params.check();
  return params;
}

}  // namespace

RefreshOrder parse_refresh_order(std::string_view text, std::string_view source) {
  if (text == "cyclic") return RefreshOrder::kCyclic;
  if (text == "random") return RefreshOrder::kRandom;
  throw core::input_error("{} = \"{}\": the refresh order must be \"cyclic\" or \"random\"", source,
                          text);
}

std::string_view to_string(RefreshOrder order) {
  return order == RefreshOrder::kRandom ? "random" : "cyclic";
}

void IagParams::check() const {
  gamma.check("IagParams.gamma");
  if (order != RefreshOrder::kCyclic && order != RefreshOrder::kRandom)
    throw core::field_error("IagParams.order", static_cast<int>(order),
                            "must be RefreshOrder::kCyclic or RefreshOrder::kRandom");
}

Iag::Iag(const problems::Problem& problem, const estimators::Pipeline& compressor,
         const IagParams& params, Communicator& communicator)
    : problem_(problem),
      params_(checked_iag(params)),
      communicator_(communicator),
      compressors_(static_cast<std::size_t>(problem.workers()), compressor),
      rngs_(static_cast<std::size_t>(problem.workers())),
      task_([this](int w, problems::ConstVectorRef x, RoundKind kind, WorkerSlot& slot) {
        work(w, x, kind, slot);
      }) {
  if (compressor.has_source())
    throw core::input_error("compressor '{}' starts with a gradient source", compressor.text());
  if (communicator.workers() != problem.workers())
    throw core::input_error("communicator has {} workers but the problem has {}",
                            communicator.workers(), problem.workers());
  stored_.assign(static_cast<std::size_t>(problem.workers()),
                 problems::Vector::Zero(problem.dim()));
  refreshed_at_.assign(static_cast<std::size_t>(problem.workers()), -1);
  reset(0);
}

void Iag::reset(std::uint64_t seed) {
  seed_ = seed;
  k_ = 0;
  refreshed_ = -1;
  x_ = problem_.seeded_initial_point(seed);
  for (auto& y : stored_) y.setZero();
  std::fill(refreshed_at_.begin(), refreshed_at_.end(), -1);
  for (auto& compressor : compressors_) compressor.reset();
}

void Iag::work(int w, problems::ConstVectorRef x, RoundKind kind, WorkerSlot& slot) {
  const auto i = static_cast<std::size_t>(w);
  auto& rng = rngs_[i];
  if (!start_worker(problem_, w, x, kind, slot, rng, seed_, k_)) return;
  const estimators::Context context{problem_, w, x, rng, &slot.exact_gradient};
  slot.message.values = slot.exact_gradient;
  compressors_[i].run(context, slot.message);
}

// Cyclic: k mod n. Random: uniform on the workers from the server's stream of iteration k.
int Iag::draw_worker() {
  const int n = problem_.workers();
  if (params_.order == RefreshOrder::kCyclic) return static_cast<int>(k_ % n);
  server_rng_.seed(core::stream_seed(seed_,
                                     static_cast<std::uint64_t>(core::StreamPurpose::kSampling),
                                     kRefreshStream, static_cast<std::uint64_t>(k_)));
  return boost::random::uniform_int_distribution<int>(0, n - 1)(server_rng_);
}

void Iag::store(int worker, const problems::Vector& message) {
  stored_[static_cast<std::size_t>(worker)] = message;
  refreshed_at_[static_cast<std::size_t>(worker)] = k_;
}

// Step 0 fills every y_i, one single-sender round per worker (the same traffic as a full round:
// x to each worker, one message from each). Later steps refresh one y_i. The mean is re-summed
// in worker order, so it does not depend on the order the refreshes came in.
Observation Iag::step() {
  if (k_ == 0) {
    for (int w = 0; w < problem_.workers(); ++w) {
      communicator_.round_one(x_, w, task_, round_);
      store(w, round_.mean_message);
    }
    refreshed_ = -1;
  } else {
    refreshed_ = draw_worker();
    communicator_.round_one(x_, refreshed_, task_, round_);
    store(refreshed_, round_.mean_message);
  }
  sum_.setZero(problem_.dim());
  for (const auto& y : stored_) sum_ += y;
  sum_ /= problem_.workers();
  x_ -= params_.gamma.at(k_) * sum_;
  ++k_;
  return observation_of(round_);
}

Observation Iag::observe() {
  communicator_.round(x_, RoundKind::kEvaluateOnly, task_, round_);
  return observation_of(round_);
}

}  // namespace biasbound::methods

#include "methods/block_coordinate.hpp"
#include "methods/worker_start.hpp"

#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "problems/block_view.hpp"

namespace biasbound::methods {
namespace {

// The key of the server's block stream, next to its staleness stream (methods/staleness.cpp)
// and out of reach of every worker index.
constexpr std::uint64_t kBlockStream = std::numeric_limits<std::uint64_t>::max() - 1;

// Q parsed against every block's dimension, each worker owning its own copies.
std::vector<std::vector<estimators::Pipeline>> block_compressors(
    const problems::Problem& problem, const problems::BlockPartition& partition,
    std::string_view spec) {
  std::vector<estimators::Pipeline> per_block;
  for (int b = 0; b < partition.blocks(); ++b) {
    const problems::BlockView block(problem, partition, b, problem.initial_point());
    per_block.push_back(estimators::Pipeline::parse_compressor(spec, block));
  }
  return std::vector<std::vector<estimators::Pipeline>>(static_cast<std::size_t>(problem.workers()),
                                                        per_block);
}

const BlockCoordinateParams& checked(const BlockCoordinateParams& params) {
  params.check();
  return params;
}

}  // namespace

void BlockCoordinateParams::check() const {
  gamma.check("BlockCoordinateParams.gamma");
  if (tau < 0 || tau > 100000)
    throw core::field_error("BlockCoordinateParams.tau", tau, "must be in [0, 100000]");
  if (blocks < 1) throw core::field_error("BlockCoordinateParams.blocks", blocks, "must be >= 1");
}

BlockCoordinate::BlockCoordinate(const problems::Problem& problem, std::string_view compressor,
                                 const BlockCoordinateParams& params, Communicator& communicator)
    : problem_(problem),
      params_(checked(params)),
      partition_(problem.dim(), params.blocks),
      communicator_(communicator),
      compressors_(block_compressors(problem, partition_, compressor)),
      block_messages_(static_cast<std::size_t>(problem.workers()),
                      std::vector<estimators::Message>(static_cast<std::size_t>(params.blocks))),
      rngs_(static_cast<std::size_t>(problem.workers())),
      task_([this](int w, problems::ConstVectorRef x, RoundKind kind, WorkerSlot& slot) {
        work(w, x, kind, slot);
      }) {
  if (communicator.workers() != problem.workers())
    throw core::input_error("communicator has {} workers but the problem has {}",
                            communicator.workers(), problem.workers());
  for (auto& messages : block_messages_)
    for (int b = 0; b < partition_.blocks(); ++b)
      messages[static_cast<std::size_t>(b)].resize(partition_.size(b));
  ring_.assign(static_cast<std::size_t>(params.tau) + 1, problems::Vector::Zero(problem.dim()));
  reset(0);
}

void BlockCoordinate::reset(std::uint64_t seed) {
  seed_ = seed;
  k_ = 0;
  staleness_ = 0;
  block_ = 0;
  x_ = problem_.seeded_initial_point(seed);
  for (auto& worker : compressors_)
    for (auto& compressor : worker) compressor.reset();
}

void BlockCoordinate::work(int w, problems::ConstVectorRef x, RoundKind kind, WorkerSlot& slot) {
  auto& rng = rngs_[static_cast<std::size_t>(w)];
  if (!start_worker(problem_, w, x, kind, slot, rng, seed_, k_)) return;
  const estimators::Context context{problem_, w, x, rng, nullptr};
  compress_blocks(w, context, slot);
}

// Q on each block in turn from the round's stream, then the blocks joined into one message:
// sparse when every block is, its bits the sum of the blocks'.
void BlockCoordinate::compress_blocks(int w, const estimators::Context& context, WorkerSlot& slot) {
  auto& messages = block_messages_[static_cast<std::size_t>(w)];
  auto& out = slot.message;
  out.values.resize(problem_.dim());
  out.support.clear();
  out.sparse = true;
  out.bits = 0;
  for (int b = 0; b < partition_.blocks(); ++b) {
    auto& message = messages[static_cast<std::size_t>(b)];
    const int start = partition_.start(b);
    message.values = slot.exact_gradient.segment(start, partition_.size(b));
    compressors_[static_cast<std::size_t>(w)][static_cast<std::size_t>(b)].run(context, message);
    out.values.segment(start, partition_.size(b)) = message.values;
    out.sparse = out.sparse && message.sparse;
    if (out.sparse)
      for (int i : message.support) out.support.push_back(start + i);
    out.bits += message.bits;
  }
  if (!out.sparse) out.support.clear();
}

int BlockCoordinate::draw_block() {
  if (partition_.blocks() == 1) return 0;
  server_rng_.seed(core::stream_seed(seed_,
                                     static_cast<std::uint64_t>(core::StreamPurpose::kSampling),
                                     kBlockStream, static_cast<std::uint64_t>(k_)));
  return boost::random::uniform_int_distribution<int>(0, partition_.blocks() - 1)(server_rng_);
}

Observation BlockCoordinate::step() {
  communicator_.round(x_, RoundKind::kEstimate, task_, round_);
  ring_[slot(k_)] = round_.mean_message;
  staleness_ = draw_staleness(params_.staleness, params_.tau, seed_, k_, server_rng_);
  block_ = draw_block();
  const int start = partition_.start(block_);
  const int size = partition_.size(block_);
  x_.segment(start, size) -=
      params_.gamma.at(k_) * ring_[slot(k_ - staleness_)].segment(start, size);
  ++k_;
  return observation_of(round_);
}

Observation BlockCoordinate::observe() {
  communicator_.round(x_, RoundKind::kEvaluateOnly, task_, round_);
  return observation_of(round_);
}

}  // namespace biasbound::methods

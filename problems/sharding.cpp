#include "problems/sharding.hpp"

#include <algorithm>
#include <boost/random/uniform_int_distribution.hpp>
#include <numeric>

#include "core/error.hpp"
#include "core/rng.hpp"

namespace biasbound::problems {

Sharding parse_sharding(std::string_view name) {
  if (name == "contiguous") return Sharding::kContiguous;
  if (name == "iid") return Sharding::kIid;
  if (name == "label-sorted") return Sharding::kLabelSorted;
  throw core::input_error("unknown sharding '{}' (accepted: contiguous, iid, label-sorted)", name);
}

std::string_view to_string(Sharding sharding) {
  switch (sharding) {
    case Sharding::kContiguous:
      return "contiguous";
    case Sharding::kIid:
      return "iid";
    case Sharding::kLabelSorted:
      return "label-sorted";
  }
  return "?";
}

namespace {

// A Fisher–Yates shuffle with Boost's portable distribution (std::shuffle's output varies by
// standard library).
void shuffle(std::vector<int>& order, core::Rng& rng) {
  for (int i = static_cast<int>(order.size()) - 1; i > 0; --i) {
    boost::random::uniform_int_distribution<int> pick(0, i);
    std::swap(order[static_cast<std::size_t>(i)], order[static_cast<std::size_t>(pick(rng))]);
  }
}

}  // namespace

std::vector<std::vector<int>> make_shards(const Eigen::VectorXd& labels, int workers,
                                          Sharding sharding, std::uint64_t seed) {
  const auto n = static_cast<long long>(labels.size());
  if (workers < 1)
    throw core::input_error("make_shards: workers = {}: must be at least 1", workers);
  if (n < workers)
    throw core::input_error("{} examples cannot be split over {} workers", n, workers);
  std::vector<int> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  if (sharding == Sharding::kIid) {
    auto rng = core::make_stream(seed, core::StreamPurpose::kSharding);
    shuffle(order, rng);
  } else if (sharding == Sharding::kLabelSorted) {
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return labels[a] < labels[b]; });
  }
  std::vector<std::vector<int>> shards(static_cast<std::size_t>(workers));
  for (int w = 0; w < workers; ++w) {
    const auto begin = n * w / workers;
    const auto end = n * (w + 1) / workers;
    shards[static_cast<std::size_t>(w)].assign(order.begin() + begin, order.begin() + end);
  }
  return shards;
}

}  // namespace biasbound::problems

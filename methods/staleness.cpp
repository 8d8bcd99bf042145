#include "methods/staleness.hpp"

#include <algorithm>
#include <boost/random/uniform_int_distribution.hpp>
#include <limits>

#include "core/error.hpp"

namespace biasbound::methods {
namespace {

// The key of the server's stream: no worker index reaches it, so it never meets a worker's.
constexpr std::uint64_t kStalenessStream = std::numeric_limits<std::uint64_t>::max();

}  // namespace

Staleness parse_staleness(std::string_view name) {
  if (name == "fixed") return Staleness::kFixed;
  if (name == "random") return Staleness::kRandom;
  throw core::input_error("unknown staleness '{}' (accepted: fixed, random)", name);
}

std::string_view to_string(Staleness rule) {
  return rule == Staleness::kFixed ? "fixed" : "random";
}

int draw_staleness(Staleness rule, int tau, std::uint64_t seed, long long k,
                   core::Rng& server_rng) {
  const int limit = static_cast<int>(std::min<long long>(tau, k));
  if (rule == Staleness::kFixed) return limit;
  server_rng.seed(core::stream_seed(seed,
                                    static_cast<std::uint64_t>(core::StreamPurpose::kSampling),
                                    kStalenessStream, static_cast<std::uint64_t>(k)));
  return boost::random::uniform_int_distribution<int>(0, limit)(server_rng);
}

}  // namespace biasbound::methods

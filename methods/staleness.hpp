#pragma once
// The staleness τ_k of asynchronous methods (delayed GD, block-coordinate descent): fixed at
// min(τ, k), or uniform on {0, ..., min(τ, k)}, one draw per iteration from the server's own
// stream keyed by (seed, iteration), so it is shared by all workers and independent of them.

#include <cstdint>
#include <string_view>

#include "core/rng.hpp"

namespace biasbound::methods {

enum class Staleness { kFixed, kRandom };

/// "fixed" or "random"; anything else is an InputError listing both.
Staleness parse_staleness(std::string_view name);
std::string_view to_string(Staleness rule);

/// τ_k at iteration k; `server_rng` is reseeded for a random draw.
int draw_staleness(Staleness rule, int tau, std::uint64_t seed, long long k, core::Rng& server_rng);

}  // namespace biasbound::methods

#pragma once
// A compressor spec brought to `biasbound check`: what one iteration sends under the bit-cost
// model (for the bits to reach ε) and the compressor's closed-form δ or α, as exact text, for a
// statement that needs one and was not given it. The spec is read against a problem that is only
// a dimension (problems/dimension_only.hpp): no data is needed.

#include <optional>
#include <string>

#include "theory/check.hpp"

namespace biasbound::validators {

/// Uplink: the compressor's message in dimension d (dense 32d for "identity"), or on B blocks
/// the sum of its messages on each block (methods/block_coordinate sends every block each
/// round); downlink: the broadcast of x, 32d per worker. Bad specs are InputErrors naming them.
theory::MessageCost message_cost(const std::string& compressor, int dim, int workers,
                                 int blocks = 1);

/// Sets args.message, and δ or α from the compressor's closed form when args.theorem's
/// statements need it and no flag gave it (their source then names the compressor). With --B
/// (block-coordinate-pl) Q acts on each block: α is the largest block's. A compressor without
/// the needed constant is an InputError saying which constant and why.
/// δ or α, whichever the statements of `theorem_id` need of their compressor; nullopt if none.
std::optional<theory::Symbol> compressor_constant(const std::string& theorem_id);

/// Whether the compressor states `symbol` (δ or α) in closed form ("identity": δ = α = 1).
bool has_closed_form(const std::string& compressor, theory::Symbol symbol, int dim);

void apply_compressor(theory::CheckArgs& args, const std::string& compressor, int dim, int workers);

}  // namespace biasbound::validators

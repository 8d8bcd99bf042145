#include "validators/compressor_check.hpp"

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/spec.hpp"
#include "estimators/pipeline.hpp"
#include "problems/block_partition.hpp"
#include "problems/dimension_only.hpp"
#include "theory/catalog.hpp"

namespace biasbound::validators {
namespace {

using theory::Symbol;

// "topk k=10" from the resolved parameters {"stage": "topk", "k": 10}.
std::string resolved_text(const estimators::Stage& stage) {
  const auto described = stage.describe();
  std::string out = described.value("stage", std::string("stage"));
  for (const auto& [key, value] : described.items())
    if (key != "stage" && key != "d" && key != "dim" && value.is_primitive())
      out += fmt::format(" {}={}", key, value.dump());
  return out;
}

// The closed-form text of δ or α, or why there is none.
std::string closed_form(const estimators::Pipeline& pipeline, Symbol symbol,
                        const std::string& compressor, const std::string& id) {
  const bool delta = symbol == Symbol::delta;
  if (pipeline.stages().empty()) return "1";  // identity: δ = α = 1
  if (pipeline.stages().size() != 1)
    throw core::input_error(
        "--compressor {}: {} needs {} in closed form, which is known for one compressor stage, "
        "not a chain of {}",
        compressor, id, delta ? "δ" : "α", pipeline.stages().size());
  const auto c = pipeline.stages().front()->constants();
  const auto& text = delta ? c.delta_exact : c.alpha_exact;
  if (text.empty())
    throw core::input_error("--compressor {}: {} needs {}, and {} has none in closed form ({})",
                            compressor, id,
                            delta ? "a δ-contraction (δ)" : "an unbiased compressor (α)",
                            compressor, c.note.empty() ? "no stated constants" : c.note);
  return text;
}

// The bits of one message of the compressor in dimension d, and how it is encoded.
std::pair<double, std::string> one_message(const std::string& compressor, int dim) {
  const problems::DimensionOnly sized(dim, 1);
  const auto pipeline = estimators::Pipeline::parse_compressor(compressor, sized);
  std::pair<double, std::string> out{estimators::dense_bits(dim), "dense fp32"};
  for (const auto& stage : pipeline.stages())
    if (const auto bits = stage->message_bits(dim)) out = {*bits, resolved_text(*stage)};
  return out;
}

// B from the check's --B, when its statement takes one (1 otherwise or when malformed: the
// check itself names a malformed --B).
int blocks_of(const theory::CheckArgs& args) {
  const auto given = args.values.find(Symbol::B);
  if (given == args.values.end() || !compressor_constant(args.theorem)) return 1;
  const auto blocks = core::parse_integer(given->second);
  return blocks && *blocks >= 1 && *blocks <= (1 << 30) ? static_cast<int>(*blocks) : 1;
}

}  // namespace

theory::MessageCost message_cost(const std::string& compressor, int dim, int workers, int blocks) {
  const problems::DimensionOnly checked(dim, workers);  // names a bad --d or --workers
  const problems::BlockPartition partition(dim, blocks);
  theory::MessageCost cost;
  std::string encoding;
  for (int b = 0; b < blocks; ++b) {
    const auto [bits, text] = one_message(compressor, partition.size(b));
    cost.uplink_bits += bits;
    encoding = text;
  }
  cost.encoding = blocks == 1
                      ? fmt::format("{} in d = {}", encoding, dim)
                      : fmt::format("{} on each of {} blocks of d = {}", encoding, blocks, dim);
  cost.downlink_bits = estimators::dense_bits(dim);
  cost.workers = workers;
  return cost;
}

std::optional<Symbol> compressor_constant(const std::string& theorem_id) {
  for (const auto* statement : theory::statements_of(theorem_id))
    for (Symbol symbol : {Symbol::delta, Symbol::alpha})
      if (statement->info().needs(symbol)) return symbol;
  return std::nullopt;
}

bool has_closed_form(const std::string& compressor, Symbol symbol, int dim) {
  const problems::DimensionOnly sized(dim, 1);
  const auto pipeline = estimators::Pipeline::parse_compressor(compressor, sized);
  if (pipeline.stages().empty()) return true;
  if (pipeline.stages().size() != 1) return false;
  const auto c = pipeline.stages().front()->constants();
  return !(symbol == Symbol::delta ? c.delta_exact : c.alpha_exact).empty();
}

void apply_compressor(theory::CheckArgs& args, const std::string& compressor, int dim,
                      int workers) {
  const int blocks = blocks_of(args);
  args.message = message_cost(compressor, dim, workers, blocks);
  const auto symbol = compressor_constant(args.theorem);
  if (!symbol || args.values.count(*symbol)) return;
  // On blocks, Q acts on each block: the largest one, ⌈d/B⌉, has the largest constant.
  const int sized_dim = problems::BlockPartition(dim, blocks).size(0);
  const problems::DimensionOnly sized(sized_dim, workers);
  const auto pipeline = estimators::Pipeline::parse_compressor(compressor, sized);
  args.values[*symbol] = closed_form(pipeline, *symbol, compressor, args.theorem);
  args.sources[*symbol] = blocks == 1
                              ? fmt::format("closed form of {} in d = {}", compressor, dim)
                              : fmt::format("closed form of {} on a block of {} (d = {}, B = {})",
                                            compressor, sized_dim, dim, blocks);
}

}  // namespace biasbound::validators

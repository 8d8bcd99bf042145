#include "validators/compressor_check.hpp"

#include <fmt/format.h>

#include "core/error.hpp"
#include "estimators/pipeline.hpp"
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

}  // namespace

theory::MessageCost message_cost(const std::string& compressor, int dim, int workers) {
  const problems::DimensionOnly sized(dim, workers);
  const auto pipeline = estimators::Pipeline::parse_compressor(compressor, sized);
  theory::MessageCost cost;
  cost.uplink_bits = estimators::dense_bits(dim);
  std::string encoding = fmt::format("dense fp32 in d = {}", dim);
  for (const auto& stage : pipeline.stages())
    if (const auto bits = stage->message_bits(dim)) {
      cost.uplink_bits = *bits;
      encoding = fmt::format("{} in d = {}", resolved_text(*stage), dim);
    }
  cost.downlink_bits = estimators::dense_bits(dim);
  cost.workers = workers;
  cost.encoding = encoding;
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
  args.message = message_cost(compressor, dim, workers);
  const auto symbol = compressor_constant(args.theorem);
  if (!symbol || args.values.count(*symbol)) return;
  const problems::DimensionOnly sized(dim, workers);
  const auto pipeline = estimators::Pipeline::parse_compressor(compressor, sized);
  args.values[*symbol] = closed_form(pipeline, *symbol, compressor, args.theorem);
  args.sources[*symbol] = fmt::format("closed form of {} in d = {}", compressor, dim);
}

}  // namespace biasbound::validators

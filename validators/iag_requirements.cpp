#include "validators/iag_requirements.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "estimators/pipeline.hpp"

namespace biasbound::validators {
namespace {

bool all_stages_unbiased(const estimators::Pipeline& C) {
  return std::all_of(C.stages().begin(), C.stages().end(),
                     [](const auto& stage) { return stage->constants().unbiased; });
}

}  // namespace

void require_iag_setup(const Scenario& s, const theory::TheoremInfo& info,
                       const problems::Problem& problem) {
  if (s.order != "cyclic")
    throw core::input_error(
        "scenario {}: method.order = \"{}\": theorem {} needs the cyclic refresh order; with a "
        "random order a worker may wait arbitrarily long for its turn, so the staleness of the "
        "stored messages is not bounded by n − 1 — use method.order = \"cyclic\"",
        s.name, s.order, info.id);
  const std::string spec = s.compressor.empty() ? "identity" : s.compressor;
  const auto C = estimators::Pipeline::parse_compressor(spec, problem);
  // The identity (no stage) draws nothing; Pipeline::deterministic() only speaks for stages.
  const bool deterministic = std::all_of(C.stages().begin(), C.stages().end(),
                                         [](const auto& stage) { return stage->deterministic(); });
  if (!deterministic)
    throw core::input_error(
        "scenario {}: [estimator] compressor = \"{}\" is random: theorem {} reuses the stored "
        "messages, so the compressor's noise is not fresh at each step; the statement needs "
        "fresh randomness — use a deterministic compressor or delayed-compressed-gd-pl",
        s.name, spec, info.id);
  if (!all_stages_unbiased(C))
    throw core::input_error(
        "scenario {}: [estimator] compressor = \"{}\" is deterministic but biased (E C(v) ≠ v): "
        "theorem {} needs an unbiased compressor, and a deterministic unbiased one is the "
        "identity — use compressor = \"identity\"",
        s.name, spec, info.id);
}

}  // namespace biasbound::validators

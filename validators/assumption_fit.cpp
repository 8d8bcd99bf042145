#include "validators/assumption_fit.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "estimators/pipeline.hpp"
#include "theory/assumption.hpp"

namespace biasbound::validators {
namespace {

bool declares(const theory::TheoremInfo& info, std::string_view id) {
  return std::find(info.assumptions.begin(), info.assumptions.end(), id) != info.assumptions.end();
}

std::string stage_name(const estimators::Stage& stage) {
  return stage.describe().at("stage").get<std::string>();
}

// The compressor C a theorem's method applies, as a spec: empty when the method has none.
std::optional<std::string> compressor_of(const MethodPlan& plan) {
  if (!plan.measure.compressor) return std::nullopt;
  const std::string& C = *plan.measure.compressor;
  if (C == "identity" || C == "exact") return std::nullopt;
  return C;
}

[[noreturn]] void refuse(const theory::TheoremInfo& info, std::string_view assumption,
                         const std::string& what, const std::string& why) {
  const auto* a = theory::find_assumption(assumption);
  throw core::input_error("theorem {} ({}) assumes {} ({}); {} {}", info.id,
                          theory::regime_name(info.regime), assumption,
                          a ? a->statement : std::string_view(), what, why);
}

// The one transform stage of compressor `spec`; anything else is not a compressor.
const estimators::Stage& the_compressor_stage(const theory::TheoremInfo& info,
                                              std::string_view assumption,
                                              const estimators::Pipeline& C) {
  const estimators::Stage* transform = nullptr;
  for (const auto& stage : C.stages()) {
    const std::string what =
        fmt::format("stage '{}' of compressor '{}'", stage_name(*stage), C.text());
    if (stage->stateful())
      refuse(info, assumption, what,
             "keeps state across steps, so it is not a compressor (staleness is the method's "
             "tau; error feedback is the ef-sgd method)");
    if (stage->is_source() && stage_name(*stage) != "exact")
      refuse(info, assumption, what,
             "samples a stochastic gradient: the method compresses the exact gradient");
    if (stage->is_source()) continue;
    if (transform)
      refuse(info, assumption, what,
             fmt::format("follows '{}': a composition of compressors has no stated constant",
                         stage_name(*transform)));
    transform = stage.get();
  }
  if (!transform)
    refuse(info, assumption, fmt::format("compressor '{}'", C.text()), "has no compression stage");
  return *transform;
}

void require_contraction(const theory::TheoremInfo& info, const estimators::Pipeline& C) {
  const auto& stage = the_compressor_stage(info, "A-contract", C);
  const auto constants = stage.constants();
  if (!constants.delta)
    refuse(info, "A-contract", fmt::format("stage '{}'", stage_name(stage)),
           fmt::format("is not a δ-contraction ({}): E‖C(v) − v‖² ≤ (1 − δ)‖v‖² fails for some v",
                       constants.note.empty() ? "no δ in closed form" : constants.note));
}

void require_unbiased_compressor(const theory::TheoremInfo& info, const estimators::Pipeline& C) {
  const auto& stage = the_compressor_stage(info, "A-unbiased-compressor", C);
  const auto constants = stage.constants();
  if (!constants.unbiased || !constants.alpha)
    refuse(
        info, "A-unbiased-compressor", fmt::format("stage '{}'", stage_name(stage)),
        fmt::format("is {} ({})",
                    constants.unbiased ? "unbiased without a closed-form α" : "biased: E C(v) ≠ v",
                    constants.note.empty() ? "THEORY.md §2" : constants.note));
}

void require_unbiased_workers(const theory::TheoremInfo& info, const estimators::Pipeline& g) {
  for (const auto& stage : g.stages()) {
    const std::string what =
        fmt::format("stage '{}' of estimator '{}'", stage_name(*stage), g.text());
    if (stage->stateful())
      refuse(info, "A-worker-unbiased", what,
             "keeps state across steps: its messages are not unbiased given the past");
    if (!stage->constants().unbiased)
      refuse(info, "A-worker-unbiased", what, "is biased: E gᵢ(x) ≠ ∇fᵢ(x)");
  }
}

}  // namespace

void require_assumption_fit(const theory::TheoremInfo& info, const MethodPlan& plan,
                            const problems::Problem& problem) {
  if (const auto C = compressor_of(plan)) {
    const auto pipeline = estimators::Pipeline::parse(*C, problem);
    if (declares(info, "A-contract")) require_contraction(info, pipeline);
    if (declares(info, "A-unbiased-compressor")) require_unbiased_compressor(info, pipeline);
  }
  if (declares(info, "A-worker-unbiased"))
    require_unbiased_workers(info, estimators::Pipeline::parse(plan.measure.estimator, problem));
}

}  // namespace biasbound::validators

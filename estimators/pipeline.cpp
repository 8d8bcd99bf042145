#include "estimators/pipeline.hpp"

#include "core/error.hpp"
#include "core/spec.hpp"
#include "estimators/error_feedback.hpp"
#include "estimators/exact.hpp"
#include "estimators/registry.hpp"

namespace biasbound::estimators {
namespace {

std::unique_ptr<Stage> make_stage(const core::Spec& spec, const problems::Problem& problem) {
  for (const auto& entry : stage_registry()) {
    if (entry.name != spec.name) continue;
    core::SpecReader reader(spec, "estimator stage");
    return entry.make(reader, problem);
  }
  throw core::input_error("estimator stage '{}': unknown stage '{}' (accepted: {})", spec.text,
                          spec.name, accepted_stage_names());
}

}  // namespace

Pipeline Pipeline::parse(std::string_view text, const problems::Problem& problem) {
  Pipeline pipeline;
  pipeline.text_ = std::string(text);
  const auto specs = core::parse_pipeline(text, "estimator");
  for (std::size_t i = 0; i < specs.size(); ++i) {
    // `ef` wraps the compressor that follows it in an error-feedback memory.
    const bool feedback = specs[i].name == "ef";
    if (feedback) {
      core::SpecReader(specs[i], "estimator stage").finish();
      if (++i == specs.size())
        throw core::input_error("estimator '{}': ef must be followed by the compressor it wraps",
                                text);
    }
    auto stage = make_stage(specs[i], problem);
    if (stage->is_source() && (feedback || !pipeline.stages_.empty()))
      throw core::input_error("estimator '{}': source stage '{}' must come first", text,
                              specs[i].name);
    if (feedback) stage = std::make_unique<ErrorFeedback>(std::move(stage), problem.dim());
    pipeline.stages_.push_back(std::move(stage));
  }
  if (!pipeline.stages_.front()->is_source())
    pipeline.stages_.insert(pipeline.stages_.begin(), std::make_unique<Exact>());
  pipeline.uses_exact_ = dynamic_cast<const Exact*>(pipeline.stages_.front().get()) != nullptr;
  return pipeline;
}

Pipeline::Pipeline(const Pipeline& other) : text_(other.text_), uses_exact_(other.uses_exact_) {
  for (const auto& stage : other.stages_) stages_.push_back(stage->clone());
}

Pipeline& Pipeline::operator=(const Pipeline& other) {
  if (this != &other) *this = Pipeline(other);
  return *this;
}

void Pipeline::run(const Context& context, Message& message) {
  const int dim = static_cast<int>(message.values.size());
  for (auto& stage : stages_) {
    stage->apply(context, message);
    if (const auto bits = stage->message_bits(dim)) message.bits = *bits;
  }
}

void Pipeline::reset() {
  for (auto& stage : stages_) stage->reset();
}

bool Pipeline::stateful() const {
  for (const auto& stage : stages_)
    if (stage->stateful()) return true;
  return false;
}

core::Json Pipeline::describe() const {
  core::Json stages = core::Json::array();
  for (const auto& stage : stages_) {
    auto entry = stage->describe();
    const auto c = stage->constants();
    core::Json constants = {{"unbiased", c.unbiased}};
    if (c.delta) constants["delta"] = *c.delta;
    if (c.alpha) constants["alpha"] = *c.alpha;
    if (c.m) constants["m"] = *c.m;
    if (c.zeta2) constants["zeta2"] = *c.zeta2;
    if (!c.note.empty()) constants["note"] = c.note;
    entry["analytic"] = constants;
    entry["stateful"] = stage->stateful();
    stages.push_back(entry);
  }
  return stages;
}

const std::vector<std::unique_ptr<Stage>>& Pipeline::stages() const {
  return stages_;
}

}  // namespace biasbound::estimators

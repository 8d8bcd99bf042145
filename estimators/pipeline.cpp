#include "estimators/pipeline.hpp"

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/spec.hpp"
#include "estimators/error_feedback.hpp"
#include "estimators/exact.hpp"
#include "estimators/registry.hpp"

namespace biasbound::estimators {
namespace {

// `what` is "estimator" or "compressor", for messages.
std::unique_ptr<Stage> make_stage(const core::Spec& spec, const problems::Problem& problem,
                                  std::string_view what) {
  const auto* entry = find_stage(spec.name);
  if (!entry)
    throw core::input_error("{} stage '{}': unknown stage '{}' (accepted: {}{})", what, spec.text,
                            spec.name, what == "compressor" ? "identity, " : "",
                            accepted_stage_names());
  const auto context = fmt::format("{} stage", what);
  core::SpecReader reader(spec, context);
  return entry->make(reader, problem);
}

}  // namespace

Pipeline Pipeline::parse(std::string_view text, const problems::Problem& problem) {
  Pipeline pipeline;
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
    auto stage = make_stage(specs[i], problem, "estimator");
    if (stage->is_source() && (feedback || !pipeline.stages_.empty()))
      throw core::input_error("estimator '{}': source stage '{}' must come first", text,
                              specs[i].name);
    if (feedback) stage = std::make_unique<ErrorFeedback>(std::move(stage), problem.dim());
    if (pipeline.stages_.empty() && !stage->is_source()) pipeline.append(std::make_unique<Exact>());
    pipeline.append(std::move(stage));
  }
  pipeline.text_ = std::string(text);
  return pipeline;
}

Pipeline Pipeline::parse_compressor(std::string_view text, const problems::Problem& problem) {
  Pipeline pipeline;
  if (text == "identity") return pipeline;
  for (const auto& spec : core::parse_pipeline(text, "compressor")) {
    auto stage = make_stage(spec, problem, "compressor");
    if (stage->is_source())
      throw core::input_error("compressor stage '{}': '{}' is a gradient source, not a compressor",
                              spec.text, spec.name);
    pipeline.append(std::move(stage));
  }
  pipeline.text_ = std::string(text);
  return pipeline;
}

Pipeline& Pipeline::append(std::unique_ptr<Stage> stage, std::string_view name) {
  if (!stage) throw core::input_error("Pipeline::append: the stage is null");
  if (stage->is_source() && !stages_.empty())
    throw core::input_error("pipeline '{}': a source stage may only come first", text_);
  std::string label(name);
  if (label.empty()) label = stage->describe().value("stage", std::string("stage"));
  text_ = stages_.empty() ? label : text_ + "+" + label;
  if (stages_.empty()) uses_exact_ = dynamic_cast<const Exact*>(stage.get()) != nullptr;
  stages_.push_back(std::move(stage));
  return *this;
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
  if (!has_source()) {  // a compressor's input is dense
    message.sparse = false;
    message.support.clear();
    message.bits = dense_bits(dim);
  }
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

bool Pipeline::deterministic() const {
  for (const auto& stage : stages_)
    if (!stage->deterministic()) return false;
  return !stages_.empty();
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
    entry["deterministic"] = stage->deterministic();
    stages.push_back(entry);
  }
  return stages;
}

const std::vector<std::unique_ptr<Stage>>& Pipeline::stages() const {
  return stages_;
}

}  // namespace biasbound::estimators

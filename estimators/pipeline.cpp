#include "estimators/pipeline.hpp"

#include <cmath>
#include <functional>

#include "core/error.hpp"
#include "core/spec.hpp"
#include "estimators/exact.hpp"
#include "estimators/minibatch.hpp"
#include "estimators/top_k.hpp"

namespace biasbound::estimators {
namespace {

using Maker = std::function<std::unique_ptr<Stage>(core::SpecReader&, const problems::Problem&)>;

std::unique_ptr<Stage> make_exact(core::SpecReader& r, const problems::Problem&) {
  r.finish();
  return std::make_unique<Exact>();
}

std::unique_ptr<Stage> make_minibatch(core::SpecReader& r, const problems::Problem& problem) {
  const auto b = r.integer("b");
  r.finish();
  if (!b) throw core::input_error("{}: needs b=BATCH_SIZE", r.where());
  if (*b < 1) throw core::input_error("{}: b must be >= 1, got {}", r.where(), *b);
  if (problem.worker_examples(0) == 0)
    throw core::input_error(
        "{}: problem '{}' is not a finite sum, so there is nothing to sample "
        "(use exact)",
        r.where(), problem.name());
  return std::make_unique<Minibatch>(static_cast<int>(*b));
}

std::unique_ptr<Stage> make_topk(core::SpecReader& r, const problems::Problem& problem) {
  const int d = problem.dim();
  const auto k = r.integer("k");
  const auto frac = r.number("frac");
  r.finish();
  if (k.has_value() == frac.has_value())
    throw core::input_error("{}: give exactly one of k=COUNT or frac=FRACTION", r.where());
  if (frac && !(*frac > 0 && *frac <= 1))
    throw core::input_error("{}: frac must be in (0, 1], got {}", r.where(), *frac);
  const long long count = k ? *k : std::max(1LL, std::llround(*frac * d));
  if (count < 1 || count > d)
    throw core::input_error("{}: k must be in [1, d] = [1, {}], got {}", r.where(), d, count);
  return std::make_unique<TopK>(static_cast<int>(count), d);
}

const std::vector<std::pair<std::string, Maker>>& makers() {
  static const std::vector<std::pair<std::string, Maker>> table = {
      {"exact", make_exact}, {"minibatch", make_minibatch}, {"topk", make_topk}};
  return table;
}

std::string accepted_names() {
  std::string names;
  for (const auto& [name, maker] : makers()) names += (names.empty() ? "" : ", ") + name;
  return names;
}

std::unique_ptr<Stage> make_stage(const core::Spec& spec, const problems::Problem& problem) {
  for (const auto& [name, maker] : makers()) {
    if (name != spec.name) continue;
    core::SpecReader reader(spec, "estimator stage");
    return maker(reader, problem);
  }
  throw core::input_error("estimator stage '{}': unknown stage '{}' (accepted: {})", spec.text,
                          spec.name, accepted_names());
}

}  // namespace

Pipeline Pipeline::parse(std::string_view text, const problems::Problem& problem) {
  Pipeline pipeline;
  pipeline.text_ = std::string(text);
  for (const auto& spec : core::parse_pipeline(text, "estimator")) {
    auto stage = make_stage(spec, problem);
    if (stage->is_source() && !pipeline.stages_.empty())
      throw core::input_error("estimator '{}': source stage '{}' must come first", text, spec.name);
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
  for (auto& stage : stages_) stage->apply(context, message);
}

void Pipeline::reset() {
  for (auto& stage : stages_) stage->reset();
}

core::Json Pipeline::describe() const {
  core::Json stages = core::Json::array();
  for (const auto& stage : stages_) stages.push_back(stage->describe());
  return stages;
}

}  // namespace biasbound::estimators

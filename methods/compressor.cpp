#include "methods/compressor.hpp"

#include "core/error.hpp"
#include "core/spec.hpp"
#include "estimators/registry.hpp"

namespace biasbound::methods {
namespace {

std::unique_ptr<estimators::Stage> make_transform(const core::Spec& spec,
                                                  const problems::Problem& problem) {
  for (const auto& entry : estimators::stage_registry()) {
    if (entry.name != spec.name) continue;
    core::SpecReader reader(spec, "compressor stage");
    auto stage = entry.make(reader, problem);
    if (stage->is_source())
      throw core::input_error("compressor stage '{}': '{}' is a gradient source, not a compressor",
                              spec.text, spec.name);
    return stage;
  }
  throw core::input_error("compressor stage '{}': unknown stage '{}' (accepted: identity, {})",
                          spec.text, spec.name, estimators::accepted_stage_names());
}

}  // namespace

Compressor Compressor::parse(std::string_view text, const problems::Problem& problem) {
  Compressor compressor;
  if (text == "identity") return compressor;
  for (const auto& spec : core::parse_pipeline(text, "compressor"))
    compressor.stages_.push_back(make_transform(spec, problem));
  return compressor;
}

Compressor::Compressor(const Compressor& other) {
  for (const auto& stage : other.stages_) stages_.push_back(stage->clone());
}

Compressor& Compressor::operator=(const Compressor& other) {
  if (this != &other) *this = Compressor(other);
  return *this;
}

void Compressor::apply(const estimators::Context& context, estimators::Message& message) {
  const int dim = static_cast<int>(message.values.size());
  message.sparse = false;
  message.support.clear();
  message.bits = estimators::dense_bits(dim);
  for (auto& stage : stages_) {
    stage->apply(context, message);
    if (const auto bits = stage->message_bits(dim)) message.bits = *bits;
  }
}

void Compressor::reset() {
  for (auto& stage : stages_) stage->reset();
}

}  // namespace biasbound::methods

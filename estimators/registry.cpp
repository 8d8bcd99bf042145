#include "estimators/registry.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/registry.hpp"
#include "estimators/clip_norm.hpp"
#include "estimators/clip_value.hpp"
#include "estimators/delay.hpp"
#include "estimators/exact.hpp"
#include "estimators/maml.hpp"
#include "estimators/minibatch.hpp"
#include "estimators/qsgd.hpp"
#include "estimators/rand_k.hpp"
#include "estimators/reshuffle.hpp"
#include "estimators/scaled_sign.hpp"
#include "estimators/sign.hpp"
#include "estimators/ternary.hpp"
#include "estimators/top_k.hpp"

namespace biasbound::estimators {
namespace {

core::Registry<StageEntry>& registry() {
  static core::Registry<StageEntry> r("stage", {{"exact", make_exact, "exact"},
                                                {"minibatch", make_minibatch, "minibatch:b=4"},
                                                {"reshuffle", make_reshuffle, "reshuffle:b=4"},
                                                {"maml", make_maml, "maml:b_in=3"},
                                                {"topk", make_topk, "topk:k=2"},
                                                {"randk", make_randk, "randk:k=2"},
                                                {"qsgd", make_qsgd, "qsgd:s=4"},
                                                {"ternary", make_ternary, "ternary"},
                                                {"scaledsign", make_scaledsign, "scaledsign"},
                                                {"sign", make_sign, "sign"},
                                                {"clip", make_clip, "clip:tau=1"},
                                                {"clipvalue", make_clipvalue, "clipvalue:c=0.5"},
                                                {"delay", make_delay, "delay:tau=2"}});
  return r;
}

bool valid_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  });
}

}  // namespace

void register_stage(std::string name, StageMaker make, std::string example) {
  if (!valid_name(name) || name == "ef" || name == "identity")
    throw core::input_error(
        "register_stage: '{}' is not a stage name (lowercase letters and digits; not ef or "
        "identity)",
        name);
  if (!make) throw core::input_error("register_stage: stage '{}' has no maker", name);
  if (example.empty()) example = name;
  registry().add({std::move(name), std::move(make), std::move(example)});
}

const StageEntry* find_stage(std::string_view name) {
  return registry().find(name);
}

std::vector<std::string> stage_names() {
  return registry().names();
}

std::vector<StageEntry> stage_entries() {
  return registry().entries();
}

std::string accepted_stage_names() {
  std::string names = "ef";  // error feedback wraps the stage after it (see pipeline.cpp)
  for (const auto& name : stage_names()) names += ", " + name;
  return names;
}

}  // namespace biasbound::estimators

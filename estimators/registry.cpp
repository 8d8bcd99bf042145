#include "estimators/registry.hpp"

#include <algorithm>
#include <deque>
#include <mutex>

#include "core/error.hpp"
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

struct Registry {
  std::mutex mutex;
  std::deque<StageEntry> entries;  // a deque: find_stage's pointers survive registrations
};

Registry& registry() {
  static Registry r{{},
                    {{"exact", make_exact, "exact"},
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
                     {"delay", make_delay, "delay:tau=2"}}};
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
  auto& r = registry();
  const std::lock_guard lock(r.mutex);
  for (const auto& entry : r.entries)
    if (entry.name == name)
      throw core::input_error("register_stage: a stage named '{}' is already registered", name);
  if (example.empty()) example = name;
  r.entries.push_back({std::move(name), std::move(make), std::move(example)});
}

const StageEntry* find_stage(std::string_view name) {
  auto& r = registry();
  const std::lock_guard lock(r.mutex);
  for (const auto& entry : r.entries)
    if (entry.name == name) return &entry;
  return nullptr;
}

std::vector<std::string> stage_names() {
  auto& r = registry();
  const std::lock_guard lock(r.mutex);
  std::vector<std::string> names;
  for (const auto& entry : r.entries) names.push_back(entry.name);
  return names;
}

std::vector<StageEntry> stage_entries() {
  auto& r = registry();
  const std::lock_guard lock(r.mutex);
  return {r.entries.begin(), r.entries.end()};
}

std::string accepted_stage_names() {
  std::string names = "ef";  // error feedback wraps the stage after it (see pipeline.cpp)
  for (const auto& name : stage_names()) names += ", " + name;
  return names;
}

}  // namespace biasbound::estimators

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
                    {{"exact", make_exact},
                     {"minibatch", make_minibatch},
                     {"reshuffle", make_reshuffle},
                     {"maml", make_maml},
                     {"topk", make_topk},
                     {"randk", make_randk},
                     {"qsgd", make_qsgd},
                     {"ternary", make_ternary},
                     {"scaledsign", make_scaledsign},
                     {"sign", make_sign},
                     {"clip", make_clip},
                     {"clipvalue", make_clipvalue},
                     {"delay", make_delay}}};
  return r;
}

bool valid_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  });
}

}  // namespace

void register_stage(std::string name, StageMaker make) {
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
  r.entries.push_back({std::move(name), std::move(make)});
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

std::string accepted_stage_names() {
  std::string names = "ef";  // error feedback wraps the stage after it (see pipeline.cpp)
  for (const auto& name : stage_names()) names += ", " + name;
  return names;
}

}  // namespace biasbound::estimators

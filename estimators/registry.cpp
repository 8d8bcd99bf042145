#include "estimators/registry.hpp"

#include <array>
#include <string>

#include "estimators/exact.hpp"
#include "estimators/minibatch.hpp"
#include "estimators/top_k.hpp"

namespace biasbound::estimators {

std::span<const StageEntry> stage_registry() {
  static const std::array entries = {
      StageEntry{"exact", make_exact},
      StageEntry{"minibatch", make_minibatch},
      StageEntry{"topk", make_topk},
  };
  return entries;
}

std::string accepted_stage_names() {
  std::string names = "ef";  // error feedback wraps the stage after it (see pipeline.cpp)
  for (const auto& entry : stage_registry()) names += ", " + std::string(entry.name);
  return names;
}

}  // namespace biasbound::estimators

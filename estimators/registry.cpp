#include "estimators/registry.hpp"

#include <array>
#include <string>

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

std::span<const StageEntry> stage_registry() {
  static const std::array entries = {
      StageEntry{"exact", make_exact},
      StageEntry{"minibatch", make_minibatch},
      StageEntry{"reshuffle", make_reshuffle},
      StageEntry{"maml", make_maml},
      StageEntry{"topk", make_topk},
      StageEntry{"randk", make_randk},
      StageEntry{"qsgd", make_qsgd},
      StageEntry{"ternary", make_ternary},
      StageEntry{"scaledsign", make_scaledsign},
      StageEntry{"sign", make_sign},
      StageEntry{"clip", make_clip},
      StageEntry{"clipvalue", make_clipvalue},
      StageEntry{"delay", make_delay},
  };
  return entries;
}

std::string accepted_stage_names() {
  std::string names = "ef";  // error feedback wraps the stage after it (see pipeline.cpp)
  for (const auto& entry : stage_registry()) names += ", " + std::string(entry.name);
  return names;
}

}  // namespace biasbound::estimators

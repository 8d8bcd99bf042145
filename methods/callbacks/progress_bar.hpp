#pragma once
// Progress of a run on stderr (core::Progress): steps done over all seeds, the seed and f(x_k).
// Safe to share between seeds that run on several threads.

#include <mutex>
#include <string>

#include "core/progress.hpp"
#include "methods/run_loop.hpp"

namespace biasbound::methods::callbacks {

class ProgressBar {
 public:
  /// `total_steps` over every seed the bar will see; nothing is printed unless `enabled`.
  explicit ProgressBar(long long total_steps, std::string label = "run", bool enabled = true);

  bool observed(LoopState& state, const Observation& observation);
  /// Ends the line with `detail` (e.g. the run's status).
  void finish(std::string_view detail = {});

 private:
  std::mutex mutex_;
  core::Progress progress_;
  long long done_ = 0;
};

}  // namespace biasbound::methods::callbacks

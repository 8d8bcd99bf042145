#pragma once
// Ends a run when f(x_k) has not improved on its best value for `patience` iterations
// (ensmallen's EarlyStopAtMinLoss). Per seed: the best value restarts with every seed.

#include <limits>
#include <string>

#include "methods/run_loop.hpp"

namespace biasbound::methods::callbacks {

class EarlyStopAtMinLoss {
 public:
  explicit EarlyStopAtMinLoss(long long patience);

  void begin_seed(LoopState& state);
  bool observed(LoopState& state, const Observation& observation);
  std::string stop_reason() const;

 private:
  long long patience_;
  double best_ = std::numeric_limits<double>::infinity();
  long long best_k_ = 0;
  long long stopped_at_ = 0;
};

}  // namespace biasbound::methods::callbacks

#include "methods/step_size.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.hpp"

namespace biasbound::methods {

StepSize StepSize::piecewise(std::vector<StepStage> stages) {
  StepSize s;
  s.constant_ = false;
  s.stages_ = std::move(stages);
  s.ends_.clear();
  long long end = 0;
  for (const auto& stage : s.stages_) {
    // Saturating: check() refuses T_s < 1 and an overflowing horizon before anything runs.
    end = stage.iterations > 0 && end <= std::numeric_limits<long long>::max() - stage.iterations
              ? end + stage.iterations
              : std::numeric_limits<long long>::max();
    s.ends_.push_back(end);
  }
  return s;
}

double StepSize::at(long long k) const {
  if (constant_) return stages_.front().gamma;
  const auto it = std::upper_bound(ends_.begin(), ends_.end(), k);
  return it == ends_.end() ? stages_.back().gamma
                           : stages_[static_cast<std::size_t>(it - ends_.begin())].gamma;
}

StepSize StepSize::scaled(double factor) const {
  StepSize s = *this;
  for (auto& stage : s.stages_) stage.gamma *= factor;
  return s;
}

std::string StepSize::text() const {
  if (constant_) return fmt::format("{}", stages_.front().gamma);
  std::string out;
  for (const auto& stage : stages_)
    out += fmt::format("{}{}:{}", out.empty() ? "" : ",", stage.iterations, stage.gamma);
  return out;
}

void StepSize::check(const std::string& field) const {
  if (constant_) {
    const double gamma = stages_.front().gamma;
    if (!(gamma > 0) || !std::isfinite(gamma))
      throw core::field_error(field, gamma, "must be a finite number > 0");
    return;
  }
  if (stages_.empty()) throw core::field_error(field, "[]", "a schedule needs at least one stage");
  for (std::size_t s = 0; s < stages_.size(); ++s) {
    const auto& stage = stages_[s];
    if (!(stage.gamma > 0) || !std::isfinite(stage.gamma))
      throw core::field_error(
          field, text(),
          fmt::format("stage {}: γ = {} must be a finite number > 0", s + 1, stage.gamma));
    if (stage.iterations < 1)
      throw core::field_error(
          field, text(),
          fmt::format("stage {}: T = {} must be at least 1 iteration", s + 1, stage.iterations));
  }
  if (ends_.back() == std::numeric_limits<long long>::max())
    throw core::field_error(field, text(),
                            "the stages add up to more iterations than fit a long long");
}

}  // namespace biasbound::methods

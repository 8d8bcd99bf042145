#include "theory/step_schedule.hpp"

#include <fmt/format.h>

#include "core/error.hpp"
#include "theory/decimal.hpp"

namespace biasbound::theory {
namespace {

std::vector<std::string_view> split_schedule(std::string_view text, char separator) {
  std::vector<std::string_view> pieces;
  for (std::size_t start = 0;;) {
    const std::size_t end = text.find(separator, start);
    pieces.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return pieces;
    start = end + 1;
  }
}

long long read_iterations(std::string_view piece, std::string_view text, std::string_view what,
                          std::size_t index) {
  const auto T = parse_plain_decimal(text);
  if (!T || denominator(*T) != 1 || *T < 1 || *T > Rational(kMaxStageIterations))
    throw core::input_error(
        "{}: stage {} '{}' has T = '{}': the iterations must be a whole number from 1 to 1e15",
        what, index + 1, piece, text);
  return static_cast<long long>(numerator(*T));
}

Rational read_step(std::string_view piece, std::string_view text, std::string_view what,
                   std::size_t index) {
  const auto gamma = parse_decimal(text);
  if (!gamma || *gamma <= 0)
    throw core::input_error(
        "{}: stage {} '{}' has γ = '{}': the step must be a finite number > 0 (a decimal or p/q)",
        what, index + 1, piece, text);
  return *gamma;
}

ScheduleStage read_stage(std::string_view piece, std::string_view what, std::size_t index) {
  const auto parts = split_schedule(piece, ':');
  if (parts.size() != 2)
    throw core::input_error("{}: stage {} '{}' is not T:γ (e.g. 100:0.1)", what, index + 1, piece);
  return {read_iterations(piece, parts[0], what, index), read_step(piece, parts[1], what, index)};
}

}  // namespace

long long StepSchedule::horizon() const {
  long long total = 0;
  for (const auto& stage : stages) total += stage.iterations;
  return total;
}

StepSchedule parse_step_schedule(std::string_view text, std::string_view what) {
  if (text.empty())
    throw core::input_error("{} is empty: give at least one stage T:γ, e.g. 100:0.1,100:0.05",
                            what);
  const auto pieces = split_schedule(text, ',');
  if (pieces.size() > kMaxScheduleStages)
    throw core::input_error("{} has {} stages: at most {} are accepted", what, pieces.size(),
                            kMaxScheduleStages);
  StepSchedule schedule;
  for (std::size_t i = 0; i < pieces.size(); ++i)
    schedule.stages.push_back(read_stage(pieces[i], what, i));
  return schedule;
}

std::string schedule_text(const StepSchedule& schedule) {
  std::string out;
  for (const auto& stage : schedule.stages) {
    if (!out.empty()) out += ',';
    out += fmt::format("{}:{}", stage.iterations, format_exact(stage.gamma));
  }
  return out;
}

}  // namespace biasbound::theory

#include "apps/measure_checks.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/memory.hpp"
#include "core/output_folder.hpp"

namespace biasbound::apps {
namespace fs = std::filesystem;
namespace {

// Per probe point, besides its d coordinates: the point and its measurement, the six columns
// summarize() gathers and the frontier builder's copies (three sorted point lists).
constexpr double kBytesPerPoint = sizeof(methods::MeasuredPoint) + 32 + 6 * 8 + 3 * 16;

// The first statistic of `p` that is not finite, as "name = value".
std::optional<std::string> non_finite(const methods::MeasuredPoint& p) {
  const auto& s = p.measurement.stats;
  const std::initializer_list<std::pair<const char*, double>> values = {
      {"‖∇f‖²", s.a},
      {"squared bias b", s.b.value},
      {"upper limit of b", s.b.upper},
      {"‖E g‖²", s.c.value},
      {"lower limit of ‖E g‖²", s.c.lower},
      {"variance", s.v.value},
      {"upper limit of the variance", s.v.upper},
      {"ϑ²", p.measurement.hetero}};
  for (const auto& [name, value] : values)
    if (!std::isfinite(value)) return fmt::format("{} = {}", name, value);
  return std::nullopt;
}

void check_finite(const methods::MeasureOutcome& outcome, const methods::MeasureConfig& c) {
  for (const auto& p : outcome.points) {
    const auto why = non_finite(p);
    if (!why) continue;
    const bool ball = p.probe == methods::Probe::kBall;
    throw core::input_error(
        "{}the {} probe point {} gives a non-finite {}: f or its gradient overflows there, so "
        "no constant can be measured{}",
        ball && c.radius > 0 ? fmt::format("--radius {}: ", c.radius) : "",
        methods::to_string(p.probe), p.iteration, *why,
        ball && c.radius > 0 ? "; use a smaller --radius" : "");
  }
}

// Removes the staging folder, and `out` too when this run created it and it is empty.
void clean_up(const fs::path& staging, const fs::path& out, bool out_existed) {
  std::error_code ignored;
  fs::remove_all(staging, ignored);
  if (!out_existed) fs::remove(out, ignored);  // only removes an empty directory
}

}  // namespace

void check_measure_size(const methods::MeasureConfig& c) {
  if (c.points < 1) return;  // measure() names the bad value
  core::require_memory(c.points * kBytesPerPoint,
                       fmt::format("--points {} ({:.0f} bytes per point, plus 8 per coordinate)",
                                   c.points, kBytesPerPoint));
}

methods::MeasureOutcome measure_finite(const methods::MeasureConfig& config, bool force) {
  if (config.out.empty()) {
    auto outcome = methods::measure(config);
    check_finite(outcome, config);
    return outcome;
  }
  const fs::path out = config.out;
  const bool out_existed = fs::exists(out);
  if (out_existed && !fs::is_directory(out))
    throw core::input_error("--out '{}' is a file: expected a directory", out.string());
  const fs::path staging = out / ".measure-staging";
  auto staged = config;
  staged.out = staging;
  // Once the configuration is resolved and before anything is measured (the threads used do
  // not change the results). With --force the old results go only once the new ones are
  // ready, so a failed measurement leaves them; the staging folder is not one of them.
  std::vector<fs::path> replaced;
  staged.before_measuring = [&](const core::Json& resolved) {
    replaced =
        core::check_output_folder(out, {core::ResultKind::kMeasure, resolved, {"threads"}, force});
    std::erase(replaced, staging.filename());
  };
  try {
    auto outcome = methods::measure(staged);
    check_finite(outcome, config);
    core::remove_results(out, replaced);
    for (const char* name : {"pairs.csv", "measure.json"}) {
      std::error_code error;
      fs::rename(staging / name, out / name, error);
      if (error)
        throw core::input_error("cannot write '{}': {}", (out / name).string(), error.message());
    }
    clean_up(staging, out, true);
    return outcome;
  } catch (...) {
    clean_up(staging, out, out_existed);
    throw;
  }
}

}  // namespace biasbound::apps

#include "methods/traces.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace biasbound::methods {

int Traces::diverged() const {
  return static_cast<int>(std::count_if(
      seeds.begin(), seeds.end(), [](const SeedTrace& t) { return t.divergence.has_value(); }));
}

std::string Traces::brief_report() const {
  double sum = 0, low = INFINITY, high = -INFINITY;
  int finished = 0;
  for (const auto& t : seeds) {
    if (t.divergence || t.stopped || t.f.empty()) continue;
    sum += t.f.back();
    low = std::min(low, t.f.back());
    high = std::max(high, t.f.back());
    ++finished;
  }
  const auto last = finished > 0 ? fmt::format("f(x_T) mean {:.6g} (min {:.6g}, max {:.6g})",
                                               sum / finished, low, high)
                                 : std::string("no seed finished");
  return fmt::format("{}: {} seeds x {} iterations; {}; {} diverged, {} stopped early", method,
                     seeds.size(), iterations, last, diverged(),
                     std::count_if(seeds.begin(), seeds.end(),
                                   [](const SeedTrace& t) { return t.stopped.has_value(); }));
}

core::Json Traces::to_json() const {
  core::Json list = core::Json::array();
  for (const auto& t : seeds) {
    core::Json seed = {{"seed", t.seed}, {"f", t.f}, {"grad_norm2", t.grad_norm2}};
    if (!t.f_virtual.empty()) seed["f_virtual"] = t.f_virtual;
    if (!t.v_norm2.empty()) seed["v_norm2"] = t.v_norm2;
    seed["divergence"] = t.divergence ? core::Json(*t.divergence) : core::Json(nullptr);
    seed["stopped"] = t.stopped ? core::Json(*t.stopped) : core::Json(nullptr);
    list.push_back(seed);
  }
  return {{"method", method},
          {"iterations", iterations},
          {"seeds", list},
          {"traffic",
           {{"rounds", traffic.rounds},
            {"bits_up", traffic.bits_up},
            {"bits_down", traffic.bits_down}}}};
}

}  // namespace biasbound::methods

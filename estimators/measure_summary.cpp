#include "estimators/measure_summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace biasbound::estimators {
namespace {

core::Json frontier_json(const Frontier& f, const char* slope, const char* intercept) {
  core::Json vertices = core::Json::array();
  for (const auto& v : f.vertices) vertices.push_back({{slope, v.slope}, {intercept, v.intercept}});
  return vertices;
}

}  // namespace

MeasureSummary summarize(std::span<const PointMeasurement> points) {
  std::vector<double> a, b_upper, b_value, c_lower, c_value, v_upper, v_value;
  MeasureSummary summary;
  for (const auto& p : points) {
    const auto& s = p.stats;
    a.push_back(s.a);
    b_upper.push_back(s.b.upper);
    b_value.push_back(s.b.value);
    // The lower limit of ‖E g‖² keeps M conservative: a smaller abscissa needs a steeper line.
    c_lower.push_back(std::max(0.0, s.c.lower));
    c_value.push_back(std::max(0.0, s.c.value));
    v_upper.push_back(s.v.upper);
    v_value.push_back(s.v.value);
    summary.theta2 = std::max(summary.theta2, p.hetero);
  }
  summary.bias = build_frontier(a, b_upper);
  summary.bias_estimate = build_frontier(a, b_value);
  summary.variance = build_frontier(c_lower, v_upper);
  summary.variance_estimate = build_frontier(c_value, v_value);
  summary.points = static_cast<int>(points.size());
  return summary;
}

core::Json MeasureSummary::to_json() const {
  return {{"bias",
           {{"m_only", core::optional_json(bias.slope_only)},
            {"zeta2_only", bias.intercept_only},
            {"frontier", frontier_json(bias, "m", "zeta2")},
            {"m_only_estimate", core::optional_json(bias_estimate.slope_only)},
            {"zeta2_only_estimate", bias_estimate.intercept_only}}},
          {"variance",
           {{"M_only", core::optional_json(variance.slope_only)},
            {"sigma2_only", variance.intercept_only},
            {"frontier", frontier_json(variance, "M", "sigma2")},
            {"M_only_estimate", core::optional_json(variance_estimate.slope_only)},
            {"sigma2_only_estimate", variance_estimate.intercept_only}}},
          {"hetero", {{"theta2", theta2}}}};
}

std::string MeasureSummary::brief_report() const {
  const auto slope = [](const std::optional<double>& s) {
    return s ? fmt::format("{:.4g}", *s) : std::string("none");
  };
  return fmt::format(
      "bias: m = {} (with zeta^2 = 0) or zeta^2 = {:.4g} (with m = 0); variance: M = {} (with "
      "sigma^2 = 0) or sigma^2 = {:.4g} (with M = 0); upper confidence limits over {} points",
      slope(bias.slope_only), bias.intercept_only, slope(variance.slope_only),
      variance.intercept_only, points);
}

}  // namespace biasbound::estimators

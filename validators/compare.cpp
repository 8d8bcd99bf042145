#include "validators/compare.hpp"

#include <boost/math/distributions/students_t.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.hpp"

namespace biasbound::validators {
namespace {

void validate(const Eigen::MatrixXd& values, const Eigen::VectorXd& bound,
              const CompareOptions& options) {
  if (values.cols() == 0 || values.cols() != bound.size()) {
    throw core::input_error("compare: {} checkpoints of values but {} bound values", values.cols(),
                            bound.size());
  }
  if (!values.allFinite() || !bound.allFinite()) {
    throw core::input_error("compare: values and bound must be finite (no NaN or Inf)");
  }
  if (options.deterministic && values.rows() != 1) {
    throw core::input_error("compare: a deterministic run has one seed, got {}", values.rows());
  }
  if (!options.deterministic && values.rows() < 2) {
    throw core::input_error("compare: stochastic runs need at least 2 seeds, got {}",
                            values.rows());
  }
  if (!(options.confidence > 0 && options.confidence < 1)) {
    throw core::input_error("compare: confidence must be in (0, 1), got {}", options.confidence);
  }
  if (!(options.relative_tolerance >= 0 && options.absolute_floor >= 0)) {
    throw core::input_error("compare: tolerances must be >= 0");
  }
}

std::vector<double> ratio(const Eigen::VectorXd& bound, const std::vector<double>& mean) {
  std::vector<double> out(mean.size());
  for (std::size_t k = 0; k < mean.size(); ++k) out[k] = bound(Eigen::Index(k)) / mean[k];
  return out;
}

Comparison compare_deterministic(const Eigen::VectorXd& run, const Eigen::VectorXd& bound,
                                 const CompareOptions& options) {
  Comparison out;
  out.mean.assign(run.begin(), run.end());
  out.standard_error.assign(run.size(), 0.0);
  out.lower = out.upper = out.mean;
  out.relative_tolerance = options.relative_tolerance;
  out.absolute_floor = options.absolute_floor;
  out.outcome = Outcome::kHolds;
  for (Eigen::Index k = 0; k < run.size(); ++k) {
    if (run(k) > bound(k) * (1 + options.relative_tolerance) + options.absolute_floor) {
      out.outcome = Outcome::kViolated;
      out.first_violation = static_cast<int>(k);
      break;
    }
  }
  return out;
}

/// Seeds R' with t·se·√(R/R') < |gap|, i.e. R' > R·(t·se/gap)², keeping the current t (it only
/// shrinks as R' grows, so the estimate errs high).
std::optional<int> seeds_for(double gap, double t_se, int seeds) {
  if (gap == 0) return std::nullopt;
  const double needed = seeds * (t_se / gap) * (t_se / gap);
  if (!(needed < std::numeric_limits<int>::max())) return std::nullopt;
  return static_cast<int>(std::floor(needed)) + 1;
}

/// When some mean is above its bound, the most promising of those checkpoints decides
/// VIOLATED; otherwise every checkpoint must be decided, so the hardest one counts.
std::optional<int> seeds_needed(const Comparison& c, const Eigen::VectorXd& bound, int seeds) {
  std::optional<int> toward_violation;
  std::optional<int> toward_holds = 0;
  for (std::size_t k = 0; k < c.mean.size(); ++k) {
    const double gap = bound(Eigen::Index(k)) - c.mean[k];
    const auto n = seeds_for(gap, c.t_quantile * c.standard_error[k], seeds);
    if (gap < 0) {
      if (n && (!toward_violation || *n < *toward_violation)) toward_violation = n;
    } else if (toward_holds) {
      toward_holds = n ? std::optional<int>(std::max(*toward_holds, *n)) : std::nullopt;
    }
  }
  return toward_violation ? toward_violation : toward_holds;
}

Comparison compare_stochastic(const Eigen::MatrixXd& values, const Eigen::VectorXd& bound,
                              const CompareOptions& options) {
  const auto seeds = static_cast<int>(values.rows());
  const auto count = values.cols();
  Comparison out;
  out.absolute_floor = options.absolute_floor;
  out.level = 1 - (1 - options.confidence) / double(count);
  out.t_quantile = boost::math::quantile(boost::math::students_t(seeds - 1.0), out.level);
  bool all_below = true;
  for (Eigen::Index k = 0; k < count; ++k) {
    const double mean = values.col(k).mean();
    const double variance = (values.col(k).array() - mean).square().sum() / (seeds - 1);
    const double se = std::sqrt(variance / seeds);
    out.mean.push_back(mean);
    out.standard_error.push_back(se);
    out.lower.push_back(mean - out.t_quantile * se);
    out.upper.push_back(mean + out.t_quantile * se);
    // The floor is the resolution of the quantity (f − f* at round-off): below it nothing is
    // decided against the bound.
    const double limit = bound(k) + options.absolute_floor;
    if (!out.first_violation && out.lower.back() > limit) out.first_violation = static_cast<int>(k);
    all_below = all_below && out.upper.back() <= limit;
  }
  if (out.first_violation) {
    out.outcome = Outcome::kViolated;
  } else if (all_below) {
    out.outcome = Outcome::kHolds;
  } else {
    out.outcome = Outcome::kInconclusive;
    out.seeds_needed = seeds_needed(out, bound, seeds);
  }
  return out;
}

}  // namespace

std::string_view to_string(Outcome outcome) {
  switch (outcome) {
    case Outcome::kHolds:
      return "holds";
    case Outcome::kViolated:
      return "violated";
    case Outcome::kInconclusive:
      return "inconclusive";
  }
  return "inconclusive";
}

Comparison compare(const Eigen::MatrixXd& values, const Eigen::VectorXd& bound,
                   const CompareOptions& options) {
  validate(values, bound, options);
  Comparison out = options.deterministic
                       ? compare_deterministic(values.row(0).transpose(), bound, options)
                       : compare_stochastic(values, bound, options);
  out.tightness = ratio(bound, out.mean);
  return out;
}

std::vector<int> checkpoints(int T, int count) {
  if (T < 1 || count < 1) {
    throw core::input_error("checkpoints: need T >= 1 and count >= 1, got T = {}, count = {}", T,
                            count);
  }
  const int n = std::min(count, T);
  if (n == 1) return {T};
  std::vector<int> out;
  int previous = 0;
  for (int i = 0; i < n; ++i) {
    const double ideal = std::pow(double(T), double(i) / (n - 1));
    // Room for the remaining n − 1 − i points keeps every value distinct and ≤ T.
    const int value =
        std::clamp(static_cast<int>(std::lround(ideal)), previous + 1, T - (n - 1 - i));
    out.push_back(value);
    previous = value;
  }
  return out;
}

}  // namespace biasbound::validators

#pragma once
// Runs a transform stage on a fixed input vector, once or over many draws of one fixed-seed
// stream, for the tests of the stateless compressors. Fixed seeds make every statistical check
// deterministic; tolerances of 5 standard errors keep a correct implementation far from failing
// while a wrong mean or variance still lands many standard errors away.

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <vector>

#include "../problems/test_problems.hpp"
#include "estimators/stage.hpp"

namespace biasbound::testing {

/// A problem of the right dimension to build a Context; transform stages ignore it and x.
class TransformBench {
 public:
  explicit TransformBench(int dim)
      : problem_(small_quadratic(1, 0.0, dim)), x_(Eigen::VectorXd::Zero(dim)) {}

  /// C(v) as a message: dense input unless `support` is given.
  estimators::Message apply(estimators::Stage& stage, const Eigen::VectorXd& v, core::Rng& rng,
                            const std::vector<int>* support = nullptr) const {
    estimators::Message m;
    m.resize(static_cast<int>(v.size()));
    m.values = v;
    if (support) {
      m.support = *support;
      m.sparse = true;
    }
    stage.apply({*problem_, 0, x_, rng, nullptr}, m);
    return m;
  }

  Eigen::VectorXd apply(estimators::Stage& stage, const Eigen::VectorXd& v,
                        std::uint64_t seed = 1) const {
    core::Rng rng(seed);
    return apply(stage, v, rng).values;
  }

 private:
  std::unique_ptr<problems::Quadratic> problem_;
  Eigen::VectorXd x_;
};

/// Empirical moments of C(v) over independent draws.
struct DrawMoments {
  int draws = 0;
  Eigen::VectorXd mean;  // of C(v)
  Eigen::VectorXd kept;  // fraction of draws with C(v)_i ≠ 0
  double second = 0;     // mean of ‖C(v)‖²
  double second_se = 0;  // its standard error, from the sample variance of ‖C(v)‖²
};

inline DrawMoments draw_moments(estimators::Stage& stage, const Eigen::VectorXd& v, int draws,
                                std::uint64_t seed) {
  const TransformBench bench(static_cast<int>(v.size()));
  core::Rng rng(seed);
  DrawMoments out;
  out.draws = draws;
  out.mean = Eigen::VectorXd::Zero(v.size());
  out.kept = Eigen::VectorXd::Zero(v.size());
  double sum_sq = 0, sum_sq_sq = 0;
  for (int s = 0; s < draws; ++s) {
    const Eigen::VectorXd c = bench.apply(stage, v, rng).values;
    out.mean += c;
    out.kept += (c.array() != 0).cast<double>().matrix();
    const double sq = c.squaredNorm();
    sum_sq += sq;
    sum_sq_sq += sq * sq;
  }
  out.mean /= draws;
  out.kept /= draws;
  out.second = sum_sq / draws;
  const double variance = (sum_sq_sq - draws * out.second * out.second) / (draws - 1);
  out.second_se = std::sqrt(std::max(variance, 0.0) / draws);
  return out;
}

/// True when the empirical mean is within 5 standard errors (in norm) of `expected`, given the
/// total variance E‖C(v) − E C(v)‖² of one draw: E‖mean − E C(v)‖² = variance / draws.
inline bool mean_within_5se(const DrawMoments& m, const Eigen::VectorXd& expected,
                            double variance) {
  return (m.mean - expected).squaredNorm() <= 25 * variance / m.draws;
}

}  // namespace biasbound::testing

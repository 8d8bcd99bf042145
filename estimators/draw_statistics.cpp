#include "estimators/draw_statistics.hpp"

#include <boost/math/distributions/students_t.hpp>
#include <cmath>

#include "core/error.hpp"

namespace biasbound::estimators {

DrawAccumulator::DrawAccumulator(const Eigen::VectorXd& gradient, int batches)
    : gradient_(gradient), batches_(static_cast<std::size_t>(batches)) {
  if (batches < 2) throw core::input_error("need at least 2 batches of draws, got {}", batches);
  for (auto& b : batches_) b.mean = Eigen::VectorXd::Zero(gradient.size());
  scratch_.assign(batches_.size(), Eigen::VectorXd::Zero(gradient.size()));
}

void DrawAccumulator::add(int batch, const Eigen::VectorXd& draw) {
  auto& m = batches_[static_cast<std::size_t>(batch)];
  auto& deviation = scratch_[static_cast<std::size_t>(batch)];
  deviation = draw - gradient_ - m.mean;
  ++m.n;
  m.mean += deviation / static_cast<double>(m.n);
  m.m2 += deviation.dot(draw - gradient_ - m.mean);
}

void DrawAccumulator::merge(Moments& into, const Moments& other) {
  if (other.n == 0) return;
  if (into.n == 0) {
    into = other;
    return;
  }
  const double n = static_cast<double>(into.n + other.n);
  const Eigen::VectorXd delta = other.mean - into.mean;
  into.m2 += other.m2 +
             delta.squaredNorm() * static_cast<double>(into.n) * static_cast<double>(other.n) / n;
  into.mean += delta * (static_cast<double>(other.n) / n);
  into.n += other.n;
}

DrawAccumulator::Estimates DrawAccumulator::estimates(const Moments& m) const {
  const double s = static_cast<double>(m.n);
  const double v = m.n > 1 ? std::max(0.0, m.m2 / (s - 1)) : 0.0;
  return {m.mean.squaredNorm() - v / s, (m.mean + gradient_).squaredNorm() - v / s, v};
}

PointStatistics DrawAccumulator::summarize(const Levels& levels) const {
  for (const double level : {levels.b, levels.c, levels.v})
    if (!(level > 0 && level < 1))
      throw core::input_error("a confidence level must be in (0, 1), got {}", level);
  Moments all;
  for (const auto& b : batches_) merge(all, b);
  if (all.n < 2) throw core::input_error("need at least 2 draws per point, got {}", all.n);
  const auto full = estimates(all);

  // Delete-one-batch jackknife.
  const int k = static_cast<int>(batches_.size());
  std::vector<Estimates> partial;
  for (int skip = 0; skip < k; ++skip) {
    Moments rest;
    for (int j = 0; j < k; ++j)
      if (j != skip) merge(rest, batches_[static_cast<std::size_t>(j)]);
    partial.push_back(estimates(rest));
  }
  const boost::math::students_t t(k - 1.0);
  auto interval = [&](double Estimates::*field, double level) {
    double mean = 0;
    for (const auto& p : partial) mean += p.*field / k;
    double spread = 0;
    for (const auto& p : partial) spread += (p.*field - mean) * (p.*field - mean);
    const double se = std::sqrt((k - 1.0) / k * spread);
    // One-sided: each limit puts all of 1 − level on the side it bounds.
    const double quantile = boost::math::quantile(t, level);
    const double value = full.*field;
    return Interval{value, value - quantile * se, value + quantile * se, level};
  };
  PointStatistics s;
  s.a = gradient_.squaredNorm();
  s.b = interval(&Estimates::b, levels.b);
  s.c = interval(&Estimates::c, levels.c);
  s.v = interval(&Estimates::v, levels.v);
  s.samples = all.n;
  s.batches = k;
  return s;
}

}  // namespace biasbound::estimators

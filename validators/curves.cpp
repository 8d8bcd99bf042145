#include "validators/curves.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace biasbound::validators {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

std::vector<double> bound_curve(const theory::BoundShape<theory::Wide>& shape, long long K) {
  std::vector<double> b(static_cast<std::size_t>(K + 1), kNaN);
  const auto first = theory::convert<double>(theory::first_horizon(shape));
  for (long long T = static_cast<long long>(first); T <= K; ++T)
    b[static_cast<std::size_t>(T)] =
        theory::convert<double>(theory::bound_at(shape, theory::Wide(T)));
  return b;
}

std::vector<double> bound_curve(const theory::StagewiseBound& bound, long long K) {
  std::vector<double> b(static_cast<std::size_t>(K + 1), kNaN);
  for (long long T = 0; T <= std::min(K, bound.horizon()); ++T)
    b[static_cast<std::size_t>(T)] = theory::convert<double>(bound.at(T));
  return b;
}

std::vector<double> bound_curve(const theory::CheckResult& check, long long K) {
  return check.stagewise ? bound_curve(*check.stagewise, K) : bound_curve(*check.shape, K);
}

std::vector<double> residual_curve(const theory::CheckResult& check, long long K) {
  if (!check.stagewise)
    return std::vector<double>(static_cast<std::size_t>(K + 1),
                               theory::convert<double>(check.shape->residual));
  std::vector<double> r(static_cast<std::size_t>(K + 1), kNaN);
  for (const auto& stage : check.stagewise->stages) {
    const long long first = stage.start == 0 ? 0 : stage.start + 1;
    const long long last = std::min(K, stage.start + stage.stage.iterations);
    for (long long T = first; T <= last; ++T)
      r[static_cast<std::size_t>(T)] = theory::convert<double>(stage.shape->residual);
  }
  return r;
}

QuantityCurves quantity_curves(const std::string& name, std::span<const methods::SeedTrace> traces,
                               const QuantityInputs& in) {
  QuantityCurves c;
  for (const auto& t : traces) c.per_seed.push_back(quantity_curve(name, t, in));
  const std::size_t n = c.per_seed.front().size();
  const double R = static_cast<double>(c.per_seed.size());
  c.mean.assign(n, 0);
  c.standard_error.assign(n, 0);
  for (std::size_t T = 0; T < n; ++T) {
    double sum = 0, sq = 0;
    for (const auto& q : c.per_seed) sum += q[T];
    const double mean = sum / R;
    for (const auto& q : c.per_seed) sq += (q[T] - mean) * (q[T] - mean);
    c.mean[T] = mean;
    c.standard_error[T] = R > 1 ? std::sqrt(sq / (R - 1) / R) : 0;
  }
  return c;
}

FitWindow fit_window(const std::vector<double>& mean, double floor) {
  FitWindow w;
  const auto n = static_cast<long long>(mean.size());
  while (w.begin < n && !(mean[static_cast<std::size_t>(w.begin)] > 0)) ++w.begin;
  w.end = w.begin;
  while (w.end < n && mean[static_cast<std::size_t>(w.end)] > 1e3 * floor) ++w.end;
  return w;
}

}  // namespace biasbound::validators

#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "core/error.hpp"
#include "validators/rate_fit.hpp"

using namespace biasbound;

namespace {

/// A ρ^k + r for k < n, times exp(noise) with noise ~ N(0, sigma²), fixed seed.
std::vector<double> geometric(double A, double rho, double r, int n, double sigma) {
  std::mt19937_64 rng(42);
  // σ = 0 is outside normal_distribution's domain (σ > 0; libstdc++'s assertions abort on it):
  // noiseless data takes no draws.
  std::normal_distribution<double> noise(0.0, sigma > 0 ? sigma : 1.0);
  std::vector<double> y;
  for (int k = 0; k < n; ++k)
    y.push_back((A * std::pow(rho, k) + r) * (sigma > 0 ? std::exp(noise(rng)) : 1.0));
  return y;
}

}  // namespace

// Tolerances: with 2% log noise the slope of log y over the ~150 points where the geometric term
// dominates has standard error ≈ 0.02/√(150³/12) ≈ 4e-5, and the ~100 floor points pin log r to
// ≈ 0.02/√100 = 2e-3; the checks below allow over 10 standard errors.
TEST_CASE("rate fit: recovers rho and r of a noisy geometric sequence with a floor", "[rate]") {
  const auto y = geometric(2.0, 0.97, 1e-3, 300, 0.02);
  const auto fit = validators::fit_rate(y);
  CHECK(fit.converged);
  CHECK(fit.rho == Approx(0.97).margin(5e-4));
  CHECK(fit.r == Approx(1e-3).epsilon(0.05));
  CHECK(fit.A == Approx(2.0).epsilon(0.05));
}

TEST_CASE("rate fit: noiseless data is fitted exactly", "[rate]") {
  const auto y = geometric(2.0, 0.97, 1e-3, 300, 0.0);
  const auto fit = validators::fit_rate(y);
  CHECK(fit.rho == Approx(0.97).epsilon(1e-8));
  CHECK(fit.r == Approx(1e-3).epsilon(1e-6));
  CHECK(fit.final_cost < 1e-12);
}

TEST_CASE("rate fit: a pure geometric sequence fits r near 0", "[rate]") {
  const auto y = geometric(1.0, 0.97, 0.0, 200, 0.02);
  const auto fit = validators::fit_rate(y);
  CHECK(fit.converged);
  CHECK(fit.rho == Approx(0.97).margin(5e-4));
  // The smallest observation is 0.97^199 ≈ 2.3e-3; a floor of 1% of it would bend the tail.
  CHECK(fit.r < 2.3e-5);
}

TEST_CASE("rate fit: robust losses keep rho accurate despite outliers", "[rate]") {
  auto y = geometric(2.0, 0.97, 1e-3, 300, 0.02);
  for (const int k : {10, 60, 120, 180, 250}) y[static_cast<std::size_t>(k)] *= 30;
  for (const auto loss : {validators::RobustLoss::kCauchy, validators::RobustLoss::kHuber}) {
    validators::RateFitOptions options;
    options.loss = loss;
    const auto fit = validators::fit_rate(y, options);
    CHECK(fit.rho == Approx(0.97).margin(1e-3));
    CHECK(fit.r == Approx(1e-3).epsilon(0.1));
  }
}

TEST_CASE("rate fit: an index range fits only the linear phase", "[rate]") {
  auto y = geometric(2.0, 0.97, 1e-3, 300, 0.0);
  for (int k = 0; k < 20; ++k) y[static_cast<std::size_t>(k)] = 50;  // a transient plateau
  validators::RateFitOptions options;
  options.begin = 20;
  const auto fit = validators::fit_rate(y, options);
  CHECK(fit.rho == Approx(0.97).epsilon(1e-8));
}

TEST_CASE("rate fit: non-positive observations and short ranges are input errors", "[rate]") {
  CHECK_THROWS_AS(validators::fit_rate({1.0, 0.5, 0.0, 0.1}), core::InputError);
  CHECK_THROWS_AS(validators::fit_rate({1.0, 0.5, 0.25}), core::InputError);
}

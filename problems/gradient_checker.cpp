#include "problems/gradient_checker.hpp"

#include <algorithm>
#include <boost/random/normal_distribution.hpp>
#include <cmath>
#include <limits>
#include <numeric>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/rng.hpp"

namespace biasbound::problems {
namespace {

// Beyond this many coordinates, d probes per worker cost too much; random directions catch a
// wrong coordinate too, since each has a nonzero component along almost every coordinate.
constexpr int kMaxCoordinates = 256;

void check_positive(const char* field, double value) {
  if (!(value > 0)) throw core::field_error(field, value, "must be > 0");
  if (!std::isfinite(value)) throw core::field_error(field, value, "must be finite");
}

// One number of the problem's against a reference for it.
struct Comparison {
  int worker;
  double analytic;
  double reference;
  double threshold;
  bool is_value;  // worker_value against worker_value_gradient's value
};

double relative_error(double a, double b) {
  const double error = std::abs(a - b) / std::max({1.0, std::abs(a), std::abs(b)});
  return std::isnan(error) ? std::numeric_limits<double>::infinity() : error;
}

// The result so far, and how the worst comparison ranks: a failed value check outranks any
// derivative (see GradientCheckResult::max_relative_error), then larger errors rank higher.
struct Tally {
  GradientCheckResult result;
  int worst_rank = -1;

  void add(const Comparison& c, std::string_view kind, int index = -1) {
    const double error = relative_error(c.analytic, c.reference);
    const bool fails = !(error <= c.threshold);
    ++result.comparisons;
    result.failures += fails;
    result.ok = result.ok && !fails;
    const int rank = c.is_value && fails ? 1 : 0;
    if (rank > worst_rank || (rank == worst_rank && error > result.max_relative_error))
      set_worst(c, rank, error, kind, index);
  }

  void set_worst(const Comparison& c, int rank, double error, std::string_view kind, int index) {
    worst_rank = rank;
    result.max_relative_error = error;
    result.threshold = c.threshold;
    result.worst_worker = c.worker;
    result.worst_what = index < 0 ? std::string(kind) : fmt::format("{} {}", kind, index);
    result.worst_analytic = c.analytic;
    result.worst_reference = c.reference;
  }
};

// Probe k is coordinate k, or a random unit direction that depends on (seed, k) alone.
struct Probes {
  bool coordinates;
  int count;
};

Probes probes_for(int dim, const GradientCheckOptions& options) {
  if (options.directions > 0) return {false, options.directions};
  if (dim <= kMaxCoordinates) return {true, dim};
  return {false, kMaxCoordinates};
}

struct Scratch {
  explicit Scratch(int dim) : u(dim), plus(dim), minus(dim), step(dim) {}
  Vector u, plus, minus, step;
};

void set_probe(const Probes& probes, int k, std::uint64_t seed, Vector& u) {
  if (probes.coordinates) {
    u.setZero();
    u[k] = 1;
    return;
  }
  core::Rng rng(core::stream_seed(seed, static_cast<std::uint64_t>(k)));
  boost::random::normal_distribution<double> normal;
  for (auto& value : u) value = normal(rng);
  u /= u.norm();
}

// Large enough that rounding x ± hu loses few digits of the step, small enough that the
// truncation error h²·f'''/6 stays below the tolerance.
double step_for(const Probes& probes, int k, ConstVectorRef x, double relative_step) {
  const double scale = probes.coordinates ? std::abs(x[k]) : x.lpNorm<Eigen::Infinity>();
  return relative_step * std::max(1.0, scale);
}

// ∇f_i·u against (f_i(x + hu) − f_i(x − hu)) / 2h, both taken over the step actually made
// (x ± hu rounded), so that rounding x ± hu drops out of the comparison.
Comparison directional(const Problem& problem, int worker, const Vector& grad, double h,
                       ConstVectorRef x, Scratch& s, double tolerance) {
  s.plus = x + h * s.u;
  s.minus = x - h * s.u;
  s.step = s.plus - s.minus;
  const double length = s.step.dot(s.u);
  const double difference =
      problem.worker_value(worker, s.plus) - problem.worker_value(worker, s.minus);
  return {worker, grad.dot(s.step) / length, difference / length, tolerance, false};
}

// A batch of every example of worker i has the mean of their gradients, which is ∇f_i exactly
// for a finite sum: a mismatch means sampling would estimate the gradient of another function.
void check_batch(const Problem& problem, int worker, ConstVectorRef x, const Vector& grad,
                 double tolerance, Tally& tally) {
  std::vector<int> all(static_cast<std::size_t>(problem.worker_examples(worker)));
  std::iota(all.begin(), all.end(), 0);
  Vector batch(problem.dim());
  problem.worker_batch_gradient(worker, all, x, batch);
  ++tally.result.evaluations;
  for (int j = 0; j < problem.dim(); ++j)
    tally.add({worker, grad[j], batch[j], tolerance, false}, "batch gradient, coordinate", j);
}

void check_worker(const Problem& problem, int worker, ConstVectorRef x,
                  const GradientCheckOptions& options, Tally& tally) {
  Vector grad(problem.dim());
  const double value = problem.worker_value_gradient(worker, x, grad);
  tally.add({worker, value, problem.worker_value(worker, x), kValueTolerance, true},
            "value: worker_value vs worker_value_gradient");
  tally.result.evaluations += 2;
  const auto probes = probes_for(problem.dim(), options);
  Scratch scratch(problem.dim());
  for (int k = 0; k < probes.count; ++k) {
    set_probe(probes, k, options.seed, scratch.u);
    const double h = step_for(probes, k, x, options.relative_step);
    tally.add(directional(problem, worker, grad, h, x, scratch, options.tolerance),
              probes.coordinates ? "coordinate" : "direction", k);
    tally.result.evaluations += 2;
  }
  if (problem.worker_examples(worker) > 0)
    check_batch(problem, worker, x, grad, options.tolerance, tally);
}

void check_point(const Problem& problem, ConstVectorRef x) {
  if (x.size() != problem.dim())
    throw core::input_error("check_gradients: x has {} entries, problem '{}' has dimension {}",
                            x.size(), problem.name(), problem.dim());
  if (!x.allFinite())
    throw core::input_error("check_gradients: x holds NaN or Inf (problem '{}')", problem.name());
  // A pass with nothing compared would vouch for a problem that was never checked.
  if (problem.workers() < 1)
    throw core::input_error("check_gradients: problem '{}' has no workers", problem.name());
}

}  // namespace

void GradientCheckOptions::check() const {
  check_positive("GradientCheckOptions.relative_step", relative_step);
  check_positive("GradientCheckOptions.tolerance", tolerance);
  if (directions < 0)
    throw core::field_error("GradientCheckOptions.directions", directions,
                            fmt::format("must be >= 0 (0: every coordinate up to dimension {}, "
                                        "else {} random directions)",
                                        kMaxCoordinates, kMaxCoordinates));
}

GradientCheckResult check_gradients(const Problem& problem, ConstVectorRef x,
                                    const GradientCheckOptions& options) {
  options.check();
  check_point(problem, x);
  Tally tally;
  for (int worker = 0; worker < problem.workers(); ++worker)
    check_worker(problem, worker, x, options, tally);
  return tally.result;
}

std::string GradientCheckResult::brief_report() const {
  if (worst_worker < 0) return "gradient check: nothing compared";
  return fmt::format(
      "gradient check {}: {} of {} comparisons over their threshold; worst at worker {}, {}: "
      "{:.10g} from worker_value_gradient vs {:.10g}, relative error {:.3g} (threshold {:.3g}); "
      "{} evaluations",
      ok ? "passed" : "FAILED", failures, comparisons, worst_worker, worst_what, worst_analytic,
      worst_reference, max_relative_error, threshold, evaluations);
}

core::Json GradientCheckResult::to_json() const {
  return {{"ok", ok},
          {"comparisons", comparisons},
          {"failures", failures},
          {"max_relative_error", max_relative_error},
          {"threshold", threshold},
          {"worst",
           {{"worker", worst_worker},
            {"what", worst_what},
            {"analytic", worst_analytic},
            {"reference", worst_reference}}},
          {"evaluations", evaluations}};
}

}  // namespace biasbound::problems

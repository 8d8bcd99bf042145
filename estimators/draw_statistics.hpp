#pragma once
// Statistics of S draws g₁..g_S of a random vector at one probe point x (THEORY.md §3):
//   a = ‖∇f(x)‖²                          exact
//   b = ‖E g − ∇f(x)‖²   estimated by ‖ḡ − ∇f‖² − V̂/S   (unbiased)
//   c = ‖E g‖²           estimated by ‖ḡ‖² − V̂/S        (unbiased)
//   v = E‖g − E g‖²      estimated by V̂ = Σ‖g_s − ḡ‖²/(S − 1)
// Draws are accumulated in K batches (Welford within a batch, Chan's rule across), and the
// confidence limits come from the delete-one-batch jackknife with Student's t on K − 1
// degrees of freedom. Deviations are taken from ∇f(x), so a deterministic estimator's bias
// is computed without cancellation.
//
// Every limit is ONE-SIDED at its stated level: a frontier uses only one end of each quantity
// (the upper end of b and v, the lower end of c), so a two-sided interval would spend half its
// error probability on an end nobody uses and overstate the level it delivers.

#include <Eigen/Core>
#include <vector>

namespace biasbound::estimators {

/// One-sided levels of the limits of b, c and v: each limit alone holds with probability
/// (approximately) its level.
struct Levels {
  double b = 0.99, c = 0.99, v = 0.99;

  Levels() = default;
  Levels(double all) : b(all), c(all), v(all) {}  // NOLINT: one level for every limit
  Levels(double b_level, double c_level, double v_level) : b(b_level), c(c_level), v(v_level) {}
};

struct Interval {
  double value = 0;
  double lower = 0;  // one-sided lower limit at `level`: P(true ≥ lower) ≈ level
  double upper = 0;  // one-sided upper limit at `level`: P(true ≤ upper) ≈ level
  double level = 0;  // so [lower, upper] is a two-sided interval at 2·level − 1
};

struct PointStatistics {
  double a = 0;  // ‖∇f(x)‖²
  Interval b;    // squared bias
  Interval c;    // squared norm of the mean
  Interval v;    // variance
  long long samples = 0;
  int batches = 0;
};

class DrawAccumulator {
 public:
  /// `gradient` is ∇f(x), the reference the draws are compared with.
  DrawAccumulator(const Eigen::VectorXd& gradient, int batches);

  /// Adds one draw to batch `batch`. Batches may be filled from different threads.
  void add(int batch, const Eigen::VectorXd& draw);

  /// Estimates with one-sided lower and upper limits at `levels`, each in (0, 1).
  PointStatistics summarize(const Levels& levels) const;

 private:
  struct Moments {
    long long n = 0;
    Eigen::VectorXd mean;  // of g − ∇f
    double m2 = 0;         // Σ‖(g − ∇f) − mean‖²
  };
  struct Estimates {
    double b, c, v;
  };
  static void merge(Moments& into, const Moments& other);
  Estimates estimates(const Moments& m) const;

  Eigen::VectorXd gradient_;
  std::vector<Moments> batches_;
  std::vector<Eigen::VectorXd> scratch_;  // per batch: the deviation of the current draw
};

}  // namespace biasbound::estimators

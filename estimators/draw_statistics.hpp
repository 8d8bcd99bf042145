#pragma once
// Statistics of S draws g₁..g_S of a random vector at one probe point x (THEORY.md §3):
//   a = ‖∇f(x)‖²                          exact
//   b = ‖E g − ∇f(x)‖²   estimated by ‖ḡ − ∇f‖² − V̂/S   (unbiased)
//   c = ‖E g‖²           estimated by ‖ḡ‖² − V̂/S        (unbiased)
//   v = E‖g − E g‖²      estimated by V̂ = Σ‖g_s − ḡ‖²/(S − 1)
// Draws are accumulated in K batches (Welford within a batch, Chan's rule across), and the
// confidence intervals come from the delete-one-batch jackknife with Student's t on K − 1
// degrees of freedom. Deviations are taken from ∇f(x), so a deterministic estimator's bias
// is computed without cancellation.

#include <Eigen/Core>
#include <vector>

namespace biasbound::estimators {

struct Interval {
  double value = 0;
  double lower = 0;
  double upper = 0;
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

  /// Estimates with two-sided intervals at `confidence`.
  PointStatistics summarize(double confidence) const;

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

#pragma once
// The step γ_k a method takes at iteration k: constant, or piecewise constant — T₁ steps at γ₁,
// then T₂ at γ₂, and so on (THEORY.md's stagewise schedules). Past Σ T_s the last γ continues,
// so a run longer than its schedule is still defined; the commands refuse that mismatch.

#include <string>
#include <vector>

namespace biasbound::methods {

struct StepStage {
  long long iterations = 0;  // T_s ≥ 1
  double gamma = 0;          // γ_s > 0, finite

  friend bool operator==(const StepStage&, const StepStage&) = default;
};

class StepSize {
 public:
  /// A constant step. Implicit on purpose: every method parameter that was a double γ stays
  /// one for the common case (`MomentumParams{0.1, 0.9}`).
  StepSize(double gamma = 0) : stages_{{1, gamma}}, ends_{1}, constant_(true) {}
  /// T₁ steps at γ₁, then T₂ at γ₂, …; checked by check().
  static StepSize piecewise(std::vector<StepStage> stages);

  /// γ_k: the step taken from x_k (k ≥ 0).
  double at(long long k) const;
  bool constant() const { return constant_; }
  /// The stages; a constant step is one stage of length 1 that continues.
  const std::vector<StepStage>& stages() const { return stages_; }
  /// Σ T_s, or 0 for a constant step (no horizon of its own).
  long long horizon() const { return constant_ ? 0 : ends_.back(); }
  /// Every γ_s multiplied by `factor` (M-DSGD's η_k = γ_k(1 − β̃)).
  StepSize scaled(double factor) const;
  /// "0.1", or "T1:g1,T2:g2" with every γ to 17 significant digits (read back exactly).
  std::string text() const;

  /// Throws core::InputError naming `field` when a γ_s is not a finite number > 0 or a T_s is
  /// below 1.
  void check(const std::string& field) const;

  friend bool operator==(const StepSize&, const StepSize&) = default;

 private:
  std::vector<StepStage> stages_;
  std::vector<long long> ends_;  // Σ_{r ≤ s} T_r
  bool constant_ = true;
};

}  // namespace biasbound::methods

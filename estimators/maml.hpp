#pragma once
// `maml:b_in=B[,alpha=A][,tasks=K]` on `meta-linreg`: the MAML gradient with a sampled inner step.
// Per call, for each of K tasks drawn uniformly with replacement from the worker's tasks, draw B
// examples uniformly with replacement, form from them ĝ = (1/B) Σ a_j(a_jᵀx − y_j) and
// Ĥ = (1/B) Σ a_j a_jᵀ, and return
//   (I − αĤ) ∇ℓ_t(x − αĝ)      (∇ℓ_t on the task's full data; Ĥ applied, never formed),
// averaged over the K tasks. Ĥ and ĝ share their samples, so the estimator is biased. Of the B²
// sample pairs in E[ĤH_tĝ] the B(B − 1) distinct ones factor, the B diagonal ones do not, which
// gives exactly
//   E = ∇f_t(x) + (α²/B) (E_j[a_j (a_jᵀH_t a_j)(a_jᵀx − y_j)] − H_t²∇ℓ_t(x)),
// with E_j the mean over the task's examples: the bias decays as 1/B (its square as 1/B²) and
// vanishes for α = 0. The inner step belongs to the meta-objective, so alpha= defaults to the
// problem's α and must equal it when given: any other α estimates the gradient of a different f.

#include <vector>

#include "core/spec.hpp"
#include "estimators/stage.hpp"

namespace biasbound::estimators {

class Maml final : public Stage {
 public:
  Maml(double alpha, int inner_batch, int tasks, int dim);

  bool is_source() const override { return true; }
  void apply(const Context& context, Message& message) override;
  std::unique_ptr<Stage> clone() const override { return std::make_unique<Maml>(*this); }
  core::Json describe() const override;
  StageConstants constants() const override;
  std::optional<double> message_bits(int dim) const override { return dense_bits(dim); }

 private:
  double alpha_;
  int tasks_;
  std::vector<int> batch_;  // the sampled examples of the current task, reused every call
  Eigen::VectorXd inner_;   // ĝ, then the inner iterate x − αĝ
  Eigen::VectorXd outer_;   // ∇ℓ_t at the inner iterate
};

std::unique_ptr<Stage> make_maml(core::SpecReader& reader, const problems::Problem& problem);

}  // namespace biasbound::estimators

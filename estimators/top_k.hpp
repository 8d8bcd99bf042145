#pragma once
// `topk:k=K` or `topk:frac=F`: keep the K largest-magnitude coordinates, zero the rest.
// Selection is O(d) (nth_element) with ties broken towards the lower index, so the output is a
// deterministic function of the input. Top-k is a δ = k/d contraction: ‖C(v) − v‖² ≤ (1 − k/d)‖v‖².

#include <vector>

#include "estimators/stage.hpp"

namespace biasbound::estimators {

class TopK final : public Stage {
 public:
  TopK(int k, int dim);

  bool is_source() const override { return false; }
  void apply(const Context& context, Message& message) override;
  std::unique_ptr<Stage> clone() const override { return std::make_unique<TopK>(*this); }
  core::Json describe() const override;

  /// Keeps the k largest |v_i| of v (ties: lower index first); `support` receives their
  /// ascending indices. `order` is scratch of size d.
  static void select(Eigen::Ref<Eigen::VectorXd> v, int k, std::vector<int>& order,
                     std::vector<int>& support, std::vector<double>& kept);

 private:
  int k_;
  int dim_;
  std::vector<int> order_;
  std::vector<double> kept_;
};

}  // namespace biasbound::estimators

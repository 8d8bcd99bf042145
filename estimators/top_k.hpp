#pragma once
// `topk:k=K` or `topk:frac=F`: keep the K largest-magnitude coordinates, zero the rest.
// Selection is O(d) (nth_element) with ties broken towards the lower index, so the output is a
// deterministic function of the input. Top-k is a δ = k/d contraction: ‖C(v) − v‖² ≤ (1 − k/d)‖v‖².

#include <vector>

#include "core/spec.hpp"
#include "estimators/stage.hpp"

namespace biasbound::estimators {

class TopK final : public Stage {
 public:
  TopK(int k, int dim);

  bool is_source() const override { return false; }
  bool deterministic() const override { return true; }
  void apply(const Context& context, Message& message) override;
  std::unique_ptr<Stage> clone() const override { return std::make_unique<TopK>(*this); }
  core::Json describe() const override;
  StageConstants constants() const override;
  std::optional<double> message_bits(int dim) const override { return sparse_bits(k_, dim); }

  /// Buffers of size d reused by select().
  struct Scratch {
    explicit Scratch(int dim);
    std::vector<double> magnitudes, values;  // of the candidates, in index order; selection copy
    std::vector<int> candidates;
    std::vector<double> sample;
  };

  /// Keeps the k largest |v_i| of v (ties: lower index first); `support` receives their
  /// ascending indices; `kept` (size k) is scratch.
  static void select(Eigen::Ref<Eigen::VectorXd> v, int k, Scratch& scratch,
                     std::vector<int>& support, std::vector<double>& kept);

 private:
  int k_;
  int dim_;
  Scratch scratch_;
  std::vector<double> kept_;
};

/// The k of `k=` or `frac=` (k = round(frac·d), at least 1), checked: exactly one given, 1 ≤ k ≤ d.
int resolve_k(const core::SpecReader& reader, std::optional<long long> k,
              std::optional<double> frac, int dim);

std::unique_ptr<Stage> make_topk(core::SpecReader& reader, const problems::Problem& problem);

}  // namespace biasbound::estimators

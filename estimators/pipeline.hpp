#pragma once
// A worker's gradient estimator or a compressor: stages applied in order to a message.
//   - An estimator starts with a source stage (exact, minibatch, ...) that writes the worker's
//     estimate at x; transform stages (compression, clipping, ...) rewrite it in place. As a
//     spec: "minibatch:b=32+topk:frac=0.1"; a spec that starts with a transform ("topk:k=10")
//     takes the exact gradient as its source.
//   - A compressor C has no source: it rewrites the vector its method formed itself (error
//     feedback compresses γg + e, not a gradient). As a spec: "topk:k=5+clip:c=1", or
//     "identity" for C(v) = v.
// Stages come from specs (registered names, estimators/registry.hpp) or from code: append() takes
// any Stage, a user-written one included.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "estimators/stage.hpp"

namespace biasbound::estimators {

class Pipeline {
 public:
  /// Parses an estimator spec and checks it against `problem` (k ≤ d, sampling needs examples).
  static Pipeline parse(std::string_view text, const problems::Problem& problem);
  /// Parses a compressor spec: transform stages only, or "identity".
  static Pipeline parse_compressor(std::string_view text, const problems::Problem& problem);

  /// An empty pipeline: the identity compressor until stages are appended.
  Pipeline() = default;
  Pipeline(const Pipeline& other);  // deep copy, state included: every worker owns one,
                                    // and a measurement forks a run's state with it
  Pipeline& operator=(const Pipeline& other);
  Pipeline(Pipeline&&) noexcept = default;
  Pipeline& operator=(Pipeline&&) noexcept = default;
  ~Pipeline() = default;

  /// Adds a stage at the end. A source stage may only come first; `name` is how the stage
  /// appears in text() (default: describe()["stage"]).
  Pipeline& append(std::unique_ptr<Stage> stage, std::string_view name = {});

  /// Estimator: writes the worker's estimate at context.x into message. Compressor: replaces
  /// message.values (the input, dense) by its compression and sets the support and bits.
  void run(const Context& context, Message& message);
  /// Clears per-worker state (memories, delay buffers) before a new run.
  void reset();

  /// True for an estimator (the first stage is a source), false for a compressor.
  bool has_source() const { return !stages_.empty() && stages_.front()->is_source(); }
  /// True when the source is `exact`, so a precomputed gradient can be reused.
  bool uses_exact_gradient() const { return uses_exact_; }
  /// True when some stage keeps state across calls (its constants are measured along runs).
  bool stateful() const;
  /// True when every stage is deterministic: the estimate is a function of x (and the state).
  bool deterministic() const;
  const std::vector<std::unique_ptr<Stage>>& stages() const;
  /// The spec the pipeline was parsed from, extended by appended stages ("identity" if empty).
  const std::string& text() const { return text_; }
  /// The stages with resolved parameters, analytic constants and statefulness.
  core::Json describe() const;

 private:
  std::string text_ = "identity";
  std::vector<std::unique_ptr<Stage>> stages_;
  bool uses_exact_ = false;
};

}  // namespace biasbound::estimators

#pragma once
// A worker's gradient estimator: a source stage followed by transform stages, written as a
// pipeline spec such as "minibatch:b=32+topk:frac=0.1". A pipeline that starts with a
// transform ("topk:k=10") takes the exact gradient as its source.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "estimators/stage.hpp"

namespace biasbound::estimators {

class Pipeline {
 public:
  /// Parses `text` and checks it against `problem` (k ≤ d, sampling needs examples, ...).
  static Pipeline parse(std::string_view text, const problems::Problem& problem);

  Pipeline(const Pipeline& other);  // deep copy, state included: every worker owns one,
                                    // and a measurement forks a run's state with it
  Pipeline& operator=(const Pipeline& other);
  Pipeline(Pipeline&&) noexcept = default;
  Pipeline& operator=(Pipeline&&) noexcept = default;
  ~Pipeline() = default;

  /// Writes the worker's estimate at context.x into message.
  void run(const Context& context, Message& message);
  /// Clears per-worker state (memories, delay buffers) before a new run.
  void reset();

  /// True when the source is `exact`, so a precomputed gradient can be reused.
  bool uses_exact_gradient() const { return uses_exact_; }
  /// True when some stage keeps state across calls (its constants are measured along runs).
  bool stateful() const;
  const std::vector<std::unique_ptr<Stage>>& stages() const;
  const std::string& text() const { return text_; }
  /// The stages with resolved parameters, analytic constants and statefulness.
  core::Json describe() const;

 private:
  Pipeline() = default;

  std::string text_;
  std::vector<std::unique_ptr<Stage>> stages_;
  bool uses_exact_ = false;
};

}  // namespace biasbound::estimators

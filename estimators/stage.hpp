#pragma once
// One stage of a gradient-estimator pipeline. A source stage produces a worker's gradient
// estimate at x (exact, minibatch, ...); a transform stage rewrites the message in place
// (compression, clipping, ...). Each worker owns its own copy of every stage (clone()), so
// stages may keep scratch buffers and per-worker state; reset() clears state between runs.

#include <Eigen/Core>
#include <memory>

#include "core/json_io.hpp"
#include "core/rng.hpp"
#include "estimators/message.hpp"
#include "problems/problem.hpp"

namespace biasbound::estimators {

struct Context {
  const problems::Problem& problem;
  int worker;
  problems::ConstVectorRef x;
  core::Rng& rng;
  /// The worker's full-shard gradient at x when the caller has already computed it.
  const Eigen::VectorXd* exact_gradient = nullptr;
};

class Stage {
 public:
  virtual ~Stage() = default;
  virtual bool is_source() const = 0;
  virtual void apply(const Context& context, Message& message) = 0;
  virtual std::unique_ptr<Stage> clone() const = 0;
  virtual void reset() {}
  /// Resolved parameters, e.g. {"stage": "topk", "k": 78}.
  virtual core::Json describe() const = 0;
};

}  // namespace biasbound::estimators

#pragma once
// One stage of a gradient-estimator pipeline. A source stage produces a worker's gradient
// estimate at x (exact, minibatch, ...); a transform stage rewrites the message in place
// (compression, clipping, ...). Each worker owns its own copy of every stage (clone()), so
// stages may keep scratch buffers and per-worker state; reset() clears state between runs.
// clone() copies the state as it stands: a copy is a fork, which is how stateful stages are
// measured conditionally on their state (estimators/point_sampler.hpp).

#include <Eigen/Core>
#include <memory>
#include <optional>
#include <string>

#include "core/json_io.hpp"
#include "core/rng.hpp"
#include "estimators/message.hpp"
#include "problems/problem.hpp"

namespace biasbound::estimators {

/// What THEORY.md §2 says about a stage in closed form; absent fields are not known analytically.
/// Constants are per message of the stage applied to its input v.
struct StageConstants {
  bool unbiased = false;        // E C(v) = v
  std::optional<double> delta;  // δ-contraction: E‖C(v) − v‖² ≤ (1 − δ)‖v‖²
  std::optional<double> alpha;  // unbiased compressor: E‖C(v)‖² ≤ α‖v‖²
  std::optional<double> m;      // bias ‖E C(v) − v‖² ≤ m‖v‖² + ζ² for exact input
  std::optional<double> zeta2;
  std::string note;  // the formula or reason, for humans
  // δ and α as exact text ("p/q") for the theory commands: the closed form itself when it is
  // rational, else a bound on its safe side (δ from below, α from above). Empty with no δ, α.
  std::string delta_exact{};
  std::string alpha_exact{};
};

/// The constants of a stage whose output has the mean of its input.
inline StageConstants unbiased_constants(std::string note) {
  StageConstants c;
  c.unbiased = true;
  c.m = 0.0;
  c.zeta2 = 0.0;
  c.note = std::move(note);
  return c;
}

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
  /// A copy with the same parameters AND the same state (memory, buffers, epoch position).
  virtual std::unique_ptr<Stage> clone() const = 0;
  virtual void reset() {}
  /// Resolved parameters, e.g. {"stage": "topk", "k": 78}.
  virtual core::Json describe() const = 0;
  /// Closed-form constants of THEORY.md §2, where known.
  virtual StageConstants constants() const { return {}; }
  /// Bits of one output message in dimension d; nullopt when the stage keeps its input's
  /// encoding (e.g. clipping).
  virtual std::optional<double> message_bits(int /*dim*/) const { return std::nullopt; }
  /// True when the stage keeps state across calls (memory, delay buffers, epoch position), so
  /// its constants can only be measured along runs.
  virtual bool stateful() const { return false; }
  /// True when the output is a function of the input, x and the state alone (it draws nothing
  /// from the rng): measuring it needs one draw per point, not a sample. False unless known.
  virtual bool deterministic() const { return false; }
};

}  // namespace biasbound::estimators

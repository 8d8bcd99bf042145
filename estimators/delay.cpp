#include "estimators/delay.hpp"

#include <boost/random/uniform_int_distribution.hpp>

#include "core/error.hpp"

namespace biasbound::estimators {

Delay::Delay(int tau, bool random, int dim)
    : tau_(tau),
      random_(random),
      ring_(static_cast<std::size_t>(tau) + 1, Eigen::VectorXd::Zero(dim)) {}

void Delay::apply(const Context& context, Message& message) {
  const auto slots = static_cast<long long>(ring_.size());
  ring_[static_cast<std::size_t>(calls_ % slots)] = message.values;
  const int limit = static_cast<int>(std::min<long long>(tau_, calls_));
  last_staleness_ =
      random_ ? boost::random::uniform_int_distribution<int>(0, limit)(context.rng) : limit;
  message.values = ring_[static_cast<std::size_t>((calls_ - last_staleness_) % slots)];
  message.sparse = false;  // the stale message's support is not tracked
  ++calls_;
}

core::Json Delay::describe() const {
  return {{"stage", "delay"}, {"tau", tau_}, {"mode", random_ ? "random" : "fixed"}};
}

StageConstants Delay::constants() const {
  StageConstants c;
  c.note = "stale gradient: bias = grad f(x_{k - tau_k}) - grad f(x_k); measured along runs";
  return c;
}

std::unique_ptr<Stage> make_delay(core::SpecReader& r, const problems::Problem& problem) {
  const auto tau = r.integer("tau");
  const auto mode = r.choice("mode", {"fixed", "random"}, "fixed");
  r.finish();
  if (!tau) throw core::input_error("{}: needs tau=STALENESS", r.where());
  if (*tau < 0 || *tau > 100000)
    throw core::input_error("{}: tau must be in [0, 100000], got {}", r.where(), *tau);
  return std::make_unique<Delay>(static_cast<int>(*tau), mode == "random", problem.dim());
}

}  // namespace biasbound::estimators

#include "io/scenario_method.hpp"

#include "core/spec.hpp"
#include "theory/catalog.hpp"
#include "validators/method_plan.hpp"
#include "validators/scenario_step.hpp"

namespace biasbound::io {

RunConfig scenario_run_config(const validators::Scenario& s) {
  RunConfig c;
  c.problem = s.problem;
  c.workers = s.workers;
  c.estimator = s.estimator;
  c.gamma = validators::is_schedule(s.gamma)
                ? validators::parse_run_schedule(s.gamma, "method.gamma")
                : methods::StepSize(core::parse_double(s.gamma).value_or(0));
  c.beta = s.beta;
  c.init = methods::parse_init(s.init);
  c.iterations = s.iterations;
  c.seeds = s.seeds;
  c.first_seed = s.first_seed;
  if (s.theorem.empty()) return c;
  // Both statements of an id run the same method; the regime changes only the bound.
  const auto& info = theory::statements_of(s.theorem).front()->info();
  const auto m = validators::plan_method(s, info).method;
  c.method = m.kind;
  c.estimator = m.estimator;
  c.compressor = m.compressor;
  c.beta = m.beta;
  c.init = m.init;
  c.beta_tilde = m.beta_tilde;
  c.tau = m.tau;
  c.staleness = m.staleness;
  c.blocks = m.blocks;
  c.order = m.order;
  return c;
}

bool method_reads(const RunConfig& config, const std::string& key) {
  return config.method_json().contains(key);
}

}  // namespace biasbound::io

#include "validators/scenario.hpp"

namespace biasbound::validators {

core::Json fingerprint(const Scenario& s) {
  core::Json constants = core::Json::object();
  for (const auto& [k, v] : s.constants) constants[k] = v;
  return {{"theorem", s.theorem},
          {"regime", s.regime},
          {"problem", s.problem},
          {"workers", s.workers},
          {"estimator", s.estimator},
          {"compressor", s.compressor},
          {"gamma", s.gamma},
          {"beta", s.beta},
          {"init", s.init},
          {"beta_tilde", s.beta_tilde},
          {"tau", s.tau},
          {"staleness", s.staleness},
          {"blocks", s.blocks},
          {"order", s.order},
          {"iterations", s.iterations},
          {"first_seed", s.first_seed},
          {"points", s.points},
          {"samples", s.samples},
          {"probes", s.probes},
          {"probe_iters", s.probe_iters},
          {"measure_seed", s.measure_seed},
          {"curvature_points", s.curvature_points},
          {"confidence", s.confidence},  // the measured upper limits depend on it
          {"constants", constants}};
}

core::Json to_json(const Scenario& s) {
  core::Json j = fingerprint(s);
  j["name"] = s.name;
  j["title"] = s.title;
  j["description"] = s.description;
  j["seeds"] = s.seeds;
  j["check_gamma"] = s.check_gamma;
  j["checkpoints"] = s.checkpoints;
  j["threads"] = s.threads;
  return j;
}

}  // namespace biasbound::validators

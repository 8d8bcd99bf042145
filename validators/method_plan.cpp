#include "validators/method_plan.hpp"

#include "core/error.hpp"
#include "methods/momentum_run.hpp"

namespace biasbound::validators {
namespace {

std::string required_compressor(const Scenario& s, std::string_view id) {
  if (s.compressor.empty())
    throw core::input_error(
        "scenario {}: theorem {} needs a compressor C: set [estimator] compressor (e.g. "
        "\"topk:frac=0.1\")",
        s.name, id);
  return s.compressor;
}

}  // namespace

MethodPlan plan_method(const Scenario& s, const theory::TheoremInfo& info) {
  MethodPlan p;
  auto& m = p.method;
  m.gamma = 0;  // set once the theory has chosen it
  m.init = methods::parse_init(s.init);
  const std::string& id = info.id;
  const bool biased_sgd = id.starts_with("biased-sgd"), momentum = id.starts_with("momentum");
  if (biased_sgd || momentum) {
    m.kind = methods::MethodKind::kServerMomentum;
    m.estimator = s.estimator;
    m.beta = momentum ? s.beta : 1.0;
    if (biased_sgd && s.beta != 1)
      p.notes.push_back("biased SGD is β = 1: the scenario's beta is not used");
    if (momentum && s.init != "zero")
      p.notes.push_back("the theorem covers v₋₁ = 0 (init = \"zero\"); this run uses v₀ = g₀");
    p.measure.estimator = s.estimator;
  } else if (id == "compressed-gd-contraction" || id == "unbiased-compressed-gd") {
    const std::string C = s.compressor.empty() ? s.estimator : s.compressor;
    m.kind = methods::MethodKind::kServerMomentum;
    m.estimator = C;
    p.measure.estimator = C;
    p.measure.compressor = C;
    p.measure.need_delta = id == "compressed-gd-contraction";
    p.measure.need_alpha = !p.measure.need_delta;
  } else if (id == "delayed-compressed-gd-pl") {
    m.kind = methods::MethodKind::kDelayedGd;
    m.compressor = s.compressor.empty() ? "identity" : s.compressor;
    m.tau = s.tau;
    m.staleness =
        s.staleness == "random" ? methods::Staleness::kRandom : methods::Staleness::kFixed;
    p.measure.estimator = m.compressor == "identity" ? "exact" : m.compressor;
    p.measure.compressor = p.measure.estimator;
    p.measure.need_alpha = true;
  } else if (id == "ef-sgd-nonconvex" || id == "mdsgd-nonconvex") {
    m.kind = id == "ef-sgd-nonconvex" ? methods::MethodKind::kEfSgd : methods::MethodKind::kMdsgd;
    m.estimator = s.estimator;
    m.compressor = required_compressor(s, id);
    m.beta_tilde = s.beta_tilde;
    p.measure.estimator = s.estimator;
    p.measure.compressor = m.compressor;
    p.measure.need_G2 = true;
    p.measure.need_delta = true;
    p.measure.need_worker_sigma2 = id == "mdsgd-nonconvex";
  } else {
    throw core::input_error("theorem {}: no method is wired to it", id);
  }
  return p;
}

}  // namespace biasbound::validators

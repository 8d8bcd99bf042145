#include "validators/method_plan.hpp"

#include "core/error.hpp"
#include "methods/server_momentum.hpp"

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

// What the estimator measurement must give, read off the constants the statement needs.
void plan_measurement(const theory::TheoremInfo& info, MeasurePlan& measure) {
  using theory::Symbol;
  measure.need_delta = info.needs(Symbol::delta);
  measure.need_alpha = info.needs(Symbol::alpha);
  measure.need_G2 = info.needs(Symbol::G2);
  // M-DSGD's σ² is each worker's noise, n × the aggregated variance (THEORY.md §4).
  measure.need_worker_sigma2 = info.family == theory::MethodFamily::kMdsgd;
}

}  // namespace

MethodPlan plan_method(const Scenario& s, const theory::TheoremInfo& info) {
  using theory::MethodFamily;
  MethodPlan p;
  auto& m = p.method;
  m.gamma = 0;  // set once the theory has chosen it
  m.init = methods::parse_init(s.init);
  plan_measurement(info, p.measure);
  switch (info.family) {
    case MethodFamily::kBiasedSgd:
    case MethodFamily::kServerMomentum: {
      const bool momentum = info.family == MethodFamily::kServerMomentum;
      m.kind = methods::MethodKind::kServerMomentum;
      m.estimator = s.estimator;
      m.beta = momentum ? s.beta : 1.0;
      if (!momentum && s.beta != 1)
        p.notes.push_back("biased SGD is β = 1: the scenario's beta is not used");
      if (momentum && s.init != "zero")
        p.notes.push_back("the theorem covers v₋₁ = 0 (init = \"zero\"); this run uses v₀ = g₀");
      p.measure.estimator = s.estimator;
      break;
    }
    case MethodFamily::kCompressedGd: {
      const std::string C = s.compressor.empty() ? s.estimator : s.compressor;
      m.kind = methods::MethodKind::kServerMomentum;
      m.estimator = C;
      p.measure.estimator = C;
      p.measure.compressor = C;
      break;
    }
    case MethodFamily::kDelayedCompressedGd:
      m.kind = methods::MethodKind::kDelayedGd;
      m.compressor = s.compressor.empty() ? "identity" : s.compressor;
      m.tau = s.tau;
      m.staleness =
          s.staleness == "random" ? methods::Staleness::kRandom : methods::Staleness::kFixed;
      p.measure.estimator = m.compressor == "identity" ? "exact" : m.compressor;
      p.measure.compressor = p.measure.estimator;
      break;
    case MethodFamily::kBlockCoordinate:
      m.kind = methods::MethodKind::kBlockCoordinate;
      m.compressor = s.compressor.empty() ? "identity" : s.compressor;
      m.tau = s.tau;
      m.staleness =
          s.staleness == "random" ? methods::Staleness::kRandom : methods::Staleness::kFixed;
      m.blocks = s.blocks;
      p.measure.estimator = m.compressor == "identity" ? "exact" : m.compressor;
      p.measure.compressor = p.measure.estimator;
      p.measure.blocks = s.blocks;  // α is Q's on a block
      break;
    case MethodFamily::kIag:
      m.kind = methods::MethodKind::kIag;
      m.compressor = s.compressor.empty() ? "identity" : s.compressor;
      m.order = methods::parse_refresh_order(s.order, "method.order");
      p.measure.estimator = m.compressor == "identity" ? "exact" : m.compressor;
      p.measure.compressor = p.measure.estimator;
      if (s.tau != 0)
        p.notes.push_back(
            "IAG's staleness is n − 1 from the workers: the scenario's tau is not used");
      break;
    case MethodFamily::kEfSgd:
    case MethodFamily::kMdsgd:
      m.kind = info.family == MethodFamily::kEfSgd ? methods::MethodKind::kEfSgd
                                                   : methods::MethodKind::kMdsgd;
      m.estimator = s.estimator;
      m.compressor = required_compressor(s, info.id);
      m.beta_tilde = s.beta_tilde;
      p.measure.estimator = s.estimator;
      p.measure.compressor = m.compressor;
      break;
  }
  return p;
}

}  // namespace biasbound::validators

#include "estimators/stage_checker.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <cmath>
#include <optional>

#include "core/error.hpp"
#include "estimators/draw_statistics.hpp"
#include "estimators/frontier.hpp"

namespace biasbound::estimators {
namespace {

using Eigen::VectorXd;

// Round-off allowance: a deterministic stage that attains its bound exactly (top-k at equal
// magnitudes) computes both sides with a few ulps of error.
double slack(double bound, double scale) {
  return 1e-9 * std::abs(bound) + 1e-12 * scale;
}

// A transform's input: Gaussian, sparse, or ±1 at equal magnitudes, at a random scale.
VectorXd random_input(int index, int dim, core::Rng& rng) {
  boost::random::normal_distribution<double> normal;
  boost::random::uniform_01<double> uniform;
  VectorXd v(dim);
  for (auto& e : v) e = normal(rng);
  if (index % 3 == 1)
    for (auto& e : v) e = uniform(rng) < 0.25 ? e : 0.0;
  if (index % 3 == 2) v = v.unaryExpr([](double e) { return e < 0 ? -1.0 : 1.0; });
  if (v.squaredNorm() == 0) v[0] = 1;
  return v * std::pow(10.0, 4 * uniform(rng) - 2);
}

// Why a message breaks its own encoding, if it does.
std::optional<std::string> message_issue(const Message& m) {
  if (!m.sparse) return std::nullopt;
  const auto dim = static_cast<int>(m.values.size());
  if (!std::is_sorted(m.support.begin(), m.support.end()) ||
      std::adjacent_find(m.support.begin(), m.support.end()) != m.support.end())
    return "the support is not strictly ascending";
  VectorXd off = m.values;
  for (int i : m.support) {
    if (i < 0 || i >= dim) return fmt::format("support index {} outside 0..{}", i, dim - 1);
    off[i] = 0;
  }
  if (off.squaredNorm() > 0) return "a sparse message is not zero off its support";
  return std::nullopt;
}

struct Sampled {
  PointStatistics stats;
  std::optional<std::string> issue;
  bool identical = true;  // every draw equal to the first, bit for bit
};

// `samples` draws of the stage at one input; `reference` is v (transform) or ∇f_i(x) (source).
Sampled sample(const Stage& prototype, const problems::Problem& problem, int worker,
               const VectorXd& x, const VectorXd& reference, const StageCheckOptions& o,
               std::uint64_t input, const Levels& levels) {
  const auto stage = prototype.clone();
  const int batches = std::clamp(o.samples / 10, 2, 20);
  DrawAccumulator accumulator(reference, batches);
  auto rng = core::make_stream(o.seed, core::StreamPurpose::kMeasure, input, 1);
  Message m;
  m.resize(static_cast<int>(reference.size()));
  Sampled out;
  VectorXd first;
  for (int s = 0; s < o.samples; ++s) {
    m.sparse = false;
    m.support.clear();
    if (!stage->is_source()) m.values = reference;
    stage->apply({problem, worker, x, rng, &reference}, m);
    if (!out.issue) out.issue = message_issue(m);
    if (s == 0) first = m.values;
    out.identical = out.identical && m.values == first;
    accumulator.add(s % batches, m.values);
  }
  out.stats = accumulator.summarize(levels);
  return out;
}

// One property over every input: the left side as (lower, value, upper) against its bound.
class Tally {
 public:
  Tally(std::string property, std::string detail)
      : check_{std::move(property), "holds", 0, std::move(detail)} {}

  void add(double lower, double value, double upper, double bound, double scale) {
    const double limit = bound + slack(bound, scale);
    if (bound > 0) check_.worst_ratio = std::max(check_.worst_ratio, value / bound);
    if (lower > limit)
      check_.verdict = "violated";
    else if (upper > limit && bound > 0 && check_.verdict == "holds")
      check_.verdict = "inconclusive";  // a zero bound holds when zero is within the interval
  }
  PropertyCheck result() const { return check_; }

 private:
  PropertyCheck check_;
};

}  // namespace

void StageCheckOptions::check() const {
  if (inputs < 1) throw core::field_error("StageCheckOptions.inputs", inputs, "must be >= 1");
  if (samples < 20) throw core::field_error("StageCheckOptions.samples", samples, "must be >= 20");
  if (!(confidence > 0 && confidence < 1))
    throw core::field_error("StageCheckOptions.confidence", confidence, "must be in (0, 1)");
}

bool StageCheckResult::ok() const {
  return std::none_of(properties.begin(), properties.end(),
                      [](const PropertyCheck& p) { return p.verdict == "violated"; });
}

std::string StageCheckResult::brief_report() const {
  std::string text = fmt::format(
      "{}: {}", stage, ok() ? "no declared constant violated" : "a declared constant is VIOLATED");
  for (const auto& p : properties) text += fmt::format("; {} {}", p.property, p.verdict);
  return text + fmt::format(" ({} inputs x {} draws, {:g}% simultaneous)", inputs, samples,
                            100 * confidence);
}

core::Json StageCheckResult::to_json() const {
  core::Json list = core::Json::array();
  for (const auto& p : properties)
    list.push_back({{"property", p.property},
                    {"verdict", p.verdict},
                    {"worst_ratio", p.worst_ratio},
                    {"detail", p.detail}});
  return {{"stage", stage},   {"ok", ok()},         {"properties", list},
          {"inputs", inputs}, {"samples", samples}, {"confidence", confidence}};
}

StageCheckResult check_stage_constants(const Stage& stage, const problems::Problem& problem,
                                       const StageCheckOptions& o) {
  o.check();
  StageCheckResult result{
      stage.describe().value("stage", std::string("stage")), {}, o.inputs, o.samples, o.confidence};
  if (stage.stateful()) {
    result.properties.push_back({"stateful", "inconclusive", 0,
                                 "constants hold only given the stage's state: measure them "
                                 "along runs (methods::measure)"});
    return result;
  }
  const auto c = stage.constants();
  // Both ends of b, c and v at every input.
  const Levels levels(simultaneous_level(o.confidence, 6 * o.inputs));
  Tally unbiased("unbiased", "|E C(v) - v|^2 = 0");
  Tally delta("delta", fmt::format("E|C(v) - v|^2 <= (1 - {})|v|^2", c.delta.value_or(0)));
  Tally alpha("alpha", fmt::format("E|C(v)|^2 <= {}|v|^2", c.alpha.value_or(0)));
  Tally bias("bias",
             fmt::format("|E C(v) - v|^2 <= {}|v|^2 + {}", c.m.value_or(0), c.zeta2.value_or(0)));
  PropertyCheck message{"message", "holds", 0, "sparse messages: ascending support, zero off it"};
  PropertyCheck deterministic{"deterministic", "holds", 0,
                              "every draw at an input equal to the first, bit for bit"};
  auto rng = core::make_stream(o.seed, core::StreamPurpose::kMeasure, ~0ULL, 0);
  const int dim = problem.dim();
  for (int j = 0; j < o.inputs; ++j) {
    const int worker = j % problem.workers();
    VectorXd x = VectorXd::Zero(dim), reference(dim);
    if (stage.is_source()) {
      const VectorXd u = random_input(j, dim, rng);
      x = problem.initial_point() + u / u.norm();
      problem.worker_value_gradient(worker, x, reference);
    } else {
      reference = random_input(j, dim, rng);
    }
    const auto sampled =
        sample(stage, problem, worker, x, reference, o, static_cast<std::uint64_t>(j), levels);
    if (sampled.issue && message.verdict == "holds") {
      message.verdict = "violated";
      message.detail = fmt::format("input {}: {}", j, *sampled.issue);
    }
    if (!sampled.identical && deterministic.verdict == "holds") {
      deterministic.verdict = "violated";
      deterministic.detail = fmt::format("input {}: two draws differ", j);
    }
    const auto& s = sampled.stats;
    const double a = s.a;
    if (c.unbiased) unbiased.add(s.b.lower, s.b.value, s.b.upper, 0, a);
    if (c.delta)
      delta.add(s.b.lower + s.v.lower, s.b.value + s.v.value, s.b.upper + s.v.upper,
                (1 - *c.delta) * a, a);
    if (c.alpha)
      alpha.add(s.c.lower + s.v.lower, s.c.value + s.v.value, s.c.upper + s.v.upper, *c.alpha * a,
                a);
    if (c.m && c.zeta2) bias.add(s.b.lower, s.b.value, s.b.upper, *c.m * a + *c.zeta2, a);
  }
  if (c.unbiased) result.properties.push_back(unbiased.result());
  if (c.delta) result.properties.push_back(delta.result());
  if (c.alpha) result.properties.push_back(alpha.result());
  if (c.m && c.zeta2) result.properties.push_back(bias.result());
  result.properties.push_back(message);
  if (stage.deterministic()) result.properties.push_back(deterministic);
  return result;
}

}  // namespace biasbound::estimators

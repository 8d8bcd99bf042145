#include "theory/measured_constants.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/error.hpp"
#include "core/json_io.hpp"
#include "core/schema.hpp"
#include "theory/certify.hpp"
#include "theory/decimal.hpp"

namespace biasbound::theory {
namespace {

using Json = core::Json;

// Every message about the file starts "--constants FILE: ", so it names the file and the key.
template <typename... Args>
core::InputError file_error(const std::string& file, fmt::format_string<Args...> format,
                            Args&&... args) {
  return core::input_error("--constants {}: {}", file,
                           fmt::format(format, std::forward<Args>(args)...));
}

// The number at `json[key]`, exactly, checked against `symbol`'s domain. A bias point with
// m ≥ 1 is legitimate data (the theorem just cannot use it), so m is only checked for m ≥ 0.
Rational number_at(const Json& json, const std::string& key, const std::string& where,
                   Symbol symbol, const std::string& file) {
  if (!json.is_object() || !json.contains(key) || !json[key].is_number())
    throw file_error(file, "expected a number at {}.{}", where, key);
  const double value = json[key].get<double>();
  if (!std::isfinite(value)) throw file_error(file, "{}.{} = {} is not finite", where, key, value);
  const Rational exact(value);
  if (symbol == Symbol::m) {
    if (exact < 0) throw file_error(file, "{}.{} = {} is impossible: m ≥ 0", where, key, value);
  } else {
    check_domain(symbol, exact, fmt::format("--constants {}: {}.{}", file, where, key));
  }
  return exact;
}

template <class Point>
std::vector<Point> read_frontier(const Json& root, const std::string& part, Symbol relative,
                                 Symbol absolute, const std::string& relative_key,
                                 const std::string& absolute_key, const std::string& file) {
  if (!root.contains(part) || !root[part].is_object())
    throw file_error(file, "no \"{}\" object", part);
  const Json& section = root[part];
  std::vector<Point> points;
  const std::string relative_only = relative_key + "_only";
  const std::string absolute_only = absolute_key + "_only";
  // measure writes m_only = null when no finite m with ζ² = 0 covers the points (bias at a
  // point with ∇f = 0): that extreme does not exist, the others still do.
  if (!(section.contains(relative_only) && section[relative_only].is_null()))
    points.push_back({number_at(section, relative_only, part, relative, file), Rational(0),
                      part + "." + relative_only});
  points.push_back({Rational(0), number_at(section, absolute_only, part, absolute, file),
                    part + "." + absolute_only});
  if (section.contains("frontier")) {
    if (!section["frontier"].is_array())
      throw file_error(file, "{}.frontier must be an array", part);
    for (std::size_t i = 0; i < section["frontier"].size(); ++i) {
      const std::string where = fmt::format("{}.frontier[{}]", part, i);
      const Json& point = section["frontier"][i];
      points.push_back({number_at(point, relative_key, where, relative, file),
                        number_at(point, absolute_key, where, absolute, file), where});
    }
  }
  return points;
}

std::optional<double> optional_number(const Json& root, const char* key) {
  if (root.contains(key) && root[key].is_number()) return root[key].get<double>();
  return std::nullopt;
}

// Whether the file must supply the pair (relative, absolute): the theorem needs it and no flag
// gave it. One flag of a pair without the other would mix two frontier points, which is unsound.
bool file_supplies(const TheoremInfo& info, const Inputs& inputs, Symbol relative,
                   Symbol absolute) {
  if (!info.needs(absolute)) return false;
  if (info.needs(relative) && inputs.has(relative) != inputs.has(absolute))
    throw core::input_error(
        "with --constants, {} and {} form a frontier pair: give both flags or neither",
        symbol_info(relative).flag, symbol_info(absolute).flag);
  return !inputs.has(absolute);
}

struct Candidate {
  std::optional<BiasPoint> bias;
  std::optional<VariancePoint> variance;
  Verdict admissible;
  Wide residual;
};

// The variance points a theorem can use. A theorem without M (mdsgd) needs a pure σ² bound:
// only points with M = 0 qualify, and its σ² is per worker while the file's is the variance of
// the aggregated estimator, so σ² = n·σ²_file.
std::vector<VariancePoint> usable_variance(const TheoremInfo& info, const Inputs& inputs,
                                           const std::vector<VariancePoint>& points,
                                           std::vector<std::string>& notes) {
  if (info.needs(Symbol::M)) return points;
  std::vector<VariancePoint> usable;
  const Rational n = inputs.at(Symbol::n).value;
  for (const auto& p : points)
    if (p.M == 0) usable.push_back({p.M, p.sigma2 * n, p.label});
  notes.push_back(fmt::format(
      "{} needs a per-worker σ² and no M: only variance points with M = 0 qualify, and σ² = n·σ² "
      "of the file (measure.json holds the aggregated variance σ²/n)",
      info.id));
  return usable;
}

void assign(Inputs& inputs, const TheoremInfo& info, const std::optional<BiasPoint>& bias,
            const std::optional<VariancePoint>& variance, const std::string& file) {
  if (bias) {
    inputs.set(Symbol::m, bias->m, file + " " + bias->label);
    inputs.set(Symbol::zeta2, bias->zeta2, file + " " + bias->label);
  }
  if (variance) {
    if (info.needs(Symbol::M)) inputs.set(Symbol::M, variance->M, file + " " + variance->label);
    inputs.set(Symbol::sigma2, variance->sigma2, file + " " + variance->label);
  }
}

Candidate evaluate(const Theorem& theorem, Inputs inputs, const std::optional<BiasPoint>& bias,
                   const std::optional<VariancePoint>& variance) {
  assign(inputs, theorem.info(), bias, variance, "");
  const auto values = inputs.values();
  return {bias, variance, combine(certify(theorem, values)),
          theorem.shape(convert_values<Wide>(values)).residual};
}

const Candidate& best_of(const std::vector<Candidate>& candidates, bool admissible_only) {
  const Candidate* best = nullptr;
  for (const auto& c : candidates) {
    if (admissible_only && c.admissible != Verdict::holds) continue;
    if (!best || c.residual < best->residual) best = &c;
  }
  return best ? *best : best_of(candidates, false);
}

std::string describe(const Candidate& c) {
  std::string text;
  if (c.bias)
    text += fmt::format("{} (m = {}, ζ² = {})", c.bias->label, format_readable(c.bias->m, 10),
                        format_number(convert<Wide>(c.bias->zeta2), 10));
  if (c.variance)
    text += fmt::format("{}{} (M = {}, σ² = {})", text.empty() ? "" : " and ", c.variance->label,
                        format_number(convert<Wide>(c.variance->M), 10),
                        format_number(convert<Wide>(c.variance->sigma2), 10));
  return text;
}

}  // namespace

MeasuredConstants read_measured_constants(const std::filesystem::path& path) {
  const std::string file = path.string();
  if (std::filesystem::is_directory(path))
    throw core::input_error(
        "--constants {}: is a directory; expected the measure.json that biasbound measure writes "
        "(e.g. {})",
        file, (path / "measure.json").string());
  if (!std::filesystem::exists(path)) throw core::input_error("--constants: cannot read {}", file);
  Json root;
  try {
    root = core::read_artifact(path, core::Artifact::kMeasure);
  } catch (const core::InputError& e) {
    throw core::input_error("--constants: {}", e.what());  // names the file and the key
  }
  return measured_constants_from_json(root, file);
}

MeasuredConstants measured_constants_from_json(const Json& root, const std::string& file) {
  if (!root.is_object()) throw file_error(file, "expected a JSON object");
  if (root.contains("mode") && root["mode"] == "along-runs" &&
      !(root.contains("conditional_on_state") && root["conditional_on_state"] == true))
    throw file_error(file,
                     "a stateful estimator measured along runs marginally over seeds: the "
                     "theorems need its bias and variance conditional on the state at each step "
                     "(A-bias and A-var for E[g_k | past]); measure it again with this biasbound");
  MeasuredConstants constants;
  constants.path = file;
  if (root.contains("bias"))
    constants.bias =
        read_frontier<BiasPoint>(root, "bias", Symbol::m, Symbol::zeta2, "m", "zeta2", file);
  if (root.contains("variance"))
    constants.variance = read_frontier<VariancePoint>(root, "variance", Symbol::M, Symbol::sigma2,
                                                      "M", "sigma2", file);
  constants.points = optional_number(root, "points");
  constants.samples = optional_number(root, "samples");
  constants.confidence = optional_number(root, "confidence");
  if (root.contains("coverage") && root["coverage"].is_string())
    constants.coverage = root["coverage"].get<std::string>();
  return constants;
}

FrontierChoice apply_measured_constants(const Theorem& theorem, const MeasuredConstants& file,
                                        Inputs& inputs) {
  const auto& info = theorem.info();
  const bool choose_bias = file_supplies(info, inputs, Symbol::m, Symbol::zeta2);
  const bool choose_variance = file_supplies(info, inputs, Symbol::M, Symbol::sigma2);
  std::set<Symbol> later;
  if (choose_bias) later.insert({Symbol::m, Symbol::zeta2});
  if (choose_variance) later.insert({Symbol::M, Symbol::sigma2});
  require_inputs(info, inputs, later);

  FrontierChoice choice;
  std::vector<std::optional<BiasPoint>> biases{std::nullopt};
  std::vector<std::optional<VariancePoint>> variances{std::nullopt};
  if (choose_bias) {
    if (file.bias.empty()) throw core::input_error("{} has no \"bias\" constants", file.path);
    biases.clear();  // never left empty: zeta2_only has m = 0
    for (const auto& p : file.bias)
      if (p.m < 1) biases.push_back(p);
    if (biases.size() < file.bias.size())
      choice.notes.push_back(fmt::format("skipped {} bias point(s) with m ≥ 1 ({} needs m < 1)",
                                         file.bias.size() - biases.size(), info.id));
  }
  if (choose_variance) {
    if (file.variance.empty())
      throw core::input_error("{} has no \"variance\" constants", file.path);
    variances.clear();
    for (const auto& p : usable_variance(info, inputs, file.variance, choice.notes))
      variances.push_back(p);
    if (variances.empty())
      throw core::input_error("{} has no variance point with M = 0, which {} needs", file.path,
                              info.id);
  }
  if (!choose_bias && !choose_variance) {
    choice.notes.push_back(
        fmt::format("{} supplies no constant {} takes from a measurement", file.path, info.id));
    return choice;
  }

  std::vector<Candidate> candidates;
  for (const auto& b : biases)
    for (const auto& v : variances) candidates.push_back(evaluate(theorem, inputs, b, v));
  const Candidate& best = best_of(candidates, true);
  choice.bias = best.bias;
  choice.variance = best.variance;
  choice.admissible = best.admissible;
  choice.residual = best.residual;
  assign(inputs, info, best.bias, best.variance, file.path);
  choice.notes.push_back(fmt::format(
      "chose {} of {} frontier combinations: {} residual {}", describe(best), candidates.size(),
      best.admissible == Verdict::holds ? "admissible with the smallest"
                                        : "NONE is admissible; smallest",
      format_number(best.residual, 10)));
  choice.notes.push_back(
      fmt::format("measured on {} probe points with {} samples each, limits {}: measured constants "
                  "estimate the worst case over the probed points, not over all of R^d",
                  file.points ? fmt::format("{}", *file.points) : "?",
                  file.samples ? fmt::format("{}", *file.samples) : "?",
                  !file.coverage.empty() ? file.coverage
                  : file.confidence ? fmt::format("at confidence {} per point", *file.confidence)
                                    : std::string("at an unstated confidence")));
  return choice;
}

}  // namespace biasbound::theory

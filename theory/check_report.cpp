#include "theory/check_report.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <limits>

#include "theory/decimal.hpp"
#include "theory/quantity.hpp"
#include "theory/suggested_step.hpp"

namespace biasbound::theory {
namespace {

using Json = core::Json;

constexpr int kDigits = 10;  // significant digits in the human report

// JSON numbers are doubles (17 significant digits, enough to read back the same double).
Json number(const Wide& x) {
  const double d = convert<double>(x);
  return std::isfinite(d) ? Json(d) : Json(nullptr);
}

Json optional_number(const std::optional<Wide>& x) {
  return x ? number(*x) : Json(nullptr);
}

Json optional_number(const std::optional<double>& x) {
  return x ? Json(*x) : Json(nullptr);
}

// A suggested step as text: the shortest decimal, which the check admits read back exactly.
std::string step(const std::optional<double>& x) {
  return x ? shortest_decimal(*x) : std::string("none");
}

Json verdict_json(Verdict v) {
  return v == Verdict::undecided ? Json("undecided") : Json(v == Verdict::holds);
}

Json whole_number(const Wide& x) {
  if (x < Wide(std::numeric_limits<std::int64_t>::max())) return Json(x.convert_to<std::int64_t>());
  return number(x);
}

std::string text(const Wide& x) {
  return format_number(x, kDigits);
}

bool heavy_ball(const CheckResult& r) {
  return r.theorem->info().needs(Symbol::beta_tilde);
}

// η = γ(1 − β̃): the step the heavy-ball method itself takes.
Wide eta_of(const CheckResult& r, const Wide& gamma) {
  return gamma * (1 - convert<Wide>(r.inputs.at(Symbol::beta_tilde).value));
}

Json vacuity_json(const std::optional<Vacuity>& v) {
  if (!v) return false;
  return {{"every_step", v->every_step},
          {"start", number(v->start)},
          {"start_is", v->start_text},
          {"message", v->message},
          {"remedies", v->remedies}};
}

Json inputs_json(const Inputs& inputs) {
  Json out = Json::object();
  for (const auto& [symbol, input] : inputs.all())
    out[std::string(symbol_info(symbol).name)] = {{"value", number(convert<Wide>(input.value))},
                                                  {"exact", format_exact(input.value)},
                                                  {"source", input.source}};
  return out;
}

Json conditions_json(const std::vector<CertifiedCondition>& conditions) {
  Json out = Json::array();
  for (const auto& c : conditions)
    out.push_back({{"name", c.name},
                   {"formula", c.formula},
                   {"lhs", number(c.lhs)},
                   {"rhs", number(c.rhs)},
                   {"slack", number(c.slack)},
                   {"holds", verdict_json(c.verdict)},
                   {"certified", c.certified},
                   {"arithmetic", c.exact ? "exact rational" : "50-digit float"}});
  return out;
}

void add_gamma_max(Json& out, const GammaMax& g) {
  const bool bounded = g.kind == GammaMax::Kind::bounded;
  out["gamma_max"] = optional_number(g.suggested);  // the largest double the check admits
  out["gamma_max_boundary"] = bounded ? number(g.value) : Json(nullptr);
  out["gamma_max_exact"] = g.exact ? Json(format_exact(*g.exact)) : Json(nullptr);
  out["gamma_max_strict"] = g.strict;
  out["gamma_max_method"] = bounded ? g.method : g.method + ": every γ > 0 is admissible";
}

void add_rate(Json& out, const std::optional<BoundShape<Wide>>& defined) {
  if (!defined) {
    for (const char* key : {"rate_kind", "rate", "rate_gap", "residual", "bound_form"})
      out[key] = nullptr;
    return;
  }
  const auto& shape = *defined;
  const bool linear = shape.kind == RateKind::linear;
  out["rate_kind"] = linear ? "linear" : "sublinear";
  out["rate"] = linear ? number(1 - shape.decrement) : Json("O(1/T)");
  out["rate_gap"] = linear ? number(shape.decrement) : Json(nullptr);
  out["residual"] = number(shape.residual);
  out["bound_form"] = linear              ? "coefficient * rate^T + residual"
                      : shape.offset == 0 ? "coefficient / T + residual"
                                          : "coefficient / (T + 1) + residual";
}

Json iterations_json(const std::optional<IterationsToEps>& it) {
  if (!it) return nullptr;
  return it->never ? Json("never") : whole_number(it->count);
}

Json message_json(const std::optional<MessageCost>& m) {
  if (!m) return nullptr;
  return {{"uplink_bits", m->uplink_bits},
          {"downlink_bits", m->downlink_bits},
          {"workers", m->workers},
          {"encoding", m->encoding}};
}

// Exact integers while they fit (a ternary message has a fractional bit count).
Json bits_number(const Wide& x) {
  return x == floor(x) ? whole_number(x) : number(x);
}

Json bits_json(const std::optional<BitsToEps>& b) {
  if (!b) return nullptr;
  if (b->never) return "never";
  return {{"uplink", bits_number(b->uplink)},
          {"downlink", bits_number(b->downlink)},
          {"total", bits_number(b->uplink + b->downlink)}};
}

Json frontier_json(const FrontierChoice& f) {
  Json out = {{"admissible", verdict_json(f.admissible)}, {"residual", number(f.residual)}};
  if (f.bias)
    out["bias"] = {{"point", f.bias->label},
                   {"m", number(convert<Wide>(f.bias->m))},
                   {"zeta2", number(convert<Wide>(f.bias->zeta2))}};
  if (f.variance)
    out["variance"] = {{"point", f.variance->label},
                       {"M", number(convert<Wide>(f.variance->M))},
                       {"sigma2", number(convert<Wide>(f.variance->sigma2))}};
  return out;
}

Json grid_json(const AdmissibleGrid& g) {
  Json rows = Json::array(), gammas = Json::array(), cells = Json::array(), limits = Json::array();
  for (const auto& row : g.rows) rows.push_back(number(convert<Wide>(row)));
  for (const auto& step : g.gammas) gammas.push_back(number(convert<Wide>(step)));
  for (const auto& row : g.admissible) {
    Json line = Json::array();
    for (Verdict v : row) line.push_back(verdict_json(v));
    cells.push_back(line);
  }
  for (const auto& limit : g.gamma_max) limits.push_back(optional_number(limit.suggested));
  return {{"row", g.row_symbol ? Json(symbol_info(*g.row_symbol).name) : Json(nullptr)},
          {"rows", rows},
          {"gammas", gammas},
          {"admissible", cells},
          {"gamma_max", limits}};
}

std::string verdict_line(const CheckResult& r) {
  switch (r.admissible) {
    case Verdict::holds:
      return r.conditions.empty()
                 ? "ADMISSIBLE: the theorem has no step-size condition"
                 : fmt::format(
                       "ADMISSIBLE: every condition holds ({})",
                       r.conditions.front().exact ? "decided exactly" : "decided in 50 digits");
    case Verdict::fails:
      for (const auto& c : r.conditions)
        if (c.verdict == Verdict::fails)
          return fmt::format("NOT ADMISSIBLE: {} fails ({}); the theorem guarantees nothing",
                             c.name, c.formula);
      break;
    case Verdict::undecided:
      break;
  }
  return "UNDECIDED: a condition lies within the relative 1e-30 band of its boundary";
}

std::string conditions_table(const CheckResult& r) {
  if (r.conditions.empty()) return "conditions none (every γ > 0 is admissible)\n";
  std::string out = fmt::format("{:<16}{:<28}{:>18}{:>18}{:>18}  {}\n", "condition", "formula",
                                "lhs", "rhs", "slack", "verdict");
  for (const auto& c : r.conditions)
    out += fmt::format("{:<16}{:<28}{:>18}{:>18}{:>18}  {}{}\n", c.name, c.formula, text(c.lhs),
                       text(c.rhs), text(c.slack), verdict_name(c.verdict),
                       c.exact       ? " (exact)"
                       : c.certified ? " (50 digits)"
                                     : "");
  return out;
}

std::string gamma_max_text(const CheckResult& r) {
  const auto& g = r.gamma_max;
  if (g.kind == GammaMax::Kind::unbounded) return "unbounded: every γ > 0 is admissible";
  std::string out = fmt::format("{} (the largest double admitted; boundary {}{}{}, {})",
                                step(g.suggested), g.strict ? "γ < " : "γ ≤ ", text(g.value),
                                g.exact && format_exact(*g.exact) != text(g.value)
                                    ? " = " + format_exact(*g.exact)
                                    : std::string(),
                                g.method);
  if (heavy_ball(r)) out += fmt::format("; η_max = {}", step(r.eta_max));
  return out;
}

std::string rate_text(const CheckResult& r) {
  const auto& info = r.theorem->info();
  if (!r.shape) return info.rate + ": not defined at this γ";
  const auto& s = *r.shape;
  if (s.kind == RateKind::linear)
    return fmt::format("{} = 1 − {} = {} per iteration", info.rate, text(s.decrement),
                       text(1 - s.decrement));
  if (!r.inputs.has(Symbol::F0)) return info.rate;
  return fmt::format("{}: bound(T) = C/{} + residual with C = {}", info.rate,
                     s.offset == 0 ? "T" : "(T + 1)", text(s.coefficient));
}

std::string guarantees_text(const CheckResult& r) {
  std::string out;
  if (r.bound_T)
    out += fmt::format("{:<11}{} at T = {}\n", "bound(T)", text(*r.bound_T), text(*r.T));
  if (r.gamma_best) {
    out += fmt::format("{:<11}{} for T = {} (bound {})", "best γ", step(r.gamma_best), text(*r.T),
                       r.bound_T_at_gamma_best ? text(*r.bound_T_at_gamma_best) : "undefined");
    if (heavy_ball(r)) out += fmt::format("; η = {}", step(r.eta_best));
    out += "\n";
  }
  if (r.iterations_to_eps)
    out += fmt::format(
        "{:<11}{} to reach ε = {}\n", "iterations",
        r.iterations_to_eps->never ? "never (residual ≥ ε)" : text(r.iterations_to_eps->count),
        text(*r.eps));
  if (r.message)
    out += fmt::format("{:<11}{} bits up per worker and iteration ({}), {} down; n = {}\n",
                       "messages", text(Wide(r.message->uplink_bits)), r.message->encoding,
                       text(Wide(r.message->downlink_bits)), r.message->workers);
  if (r.bits_to_eps)
    out += r.bits_to_eps->never
               ? fmt::format("{:<11}never (residual ≥ ε)\n", "bits")
               : fmt::format("{:<11}{} up + {} down = {} to reach ε\n", "bits",
                             text(r.bits_to_eps->uplink), text(r.bits_to_eps->downlink),
                             text(r.bits_to_eps->uplink + r.bits_to_eps->downlink));
  return out;
}

std::string grid_text(const AdmissibleGrid& g) {
  std::string out = fmt::format("\nadmissible grid (✓ holds, · fails, ? undecided)\n{:>10}",
                                g.row_symbol ? symbol_info(*g.row_symbol).math : "");
  for (const auto& step : g.gammas) out += fmt::format("{:>12}", text(convert<Wide>(step)));
  out += fmt::format("{:>24}\n", "γ_max");
  for (std::size_t i = 0; i < g.rows.size(); ++i) {
    out += fmt::format("{:>10}", g.row_symbol ? text(convert<Wide>(g.rows[i])) : "");
    for (Verdict v : g.admissible[i])
      out += fmt::format("{:>12}", v == Verdict::holds ? "✓" : v == Verdict::fails ? "·" : "?");
    const auto& limit = g.gamma_max[i];
    out += fmt::format("{:>24}\n",
                       limit.kind == GammaMax::Kind::bounded ? step(limit.suggested) : "∞");
  }
  return out;
}

// start_bound is F_{s−1} only while the composition is unbroken before the stage.
Json stage_json(const StageBound& s, std::size_t index, bool composed_before) {
  Json out = {{"stage", index + 1},
              {"iterations", s.stage.iterations},
              {"start", s.start},
              {"gamma", number(convert<Wide>(s.stage.gamma))},
              {"gamma_exact", format_exact(s.stage.gamma)},
              {"conditions", conditions_json(s.conditions)},
              {"admissible", verdict_json(s.admissible)}};
  out["rate"] = s.shape ? number(1 - s.shape->decrement) : Json(nullptr);
  out["rate_gap"] = s.shape ? number(s.shape->decrement) : Json(nullptr);
  out["residual"] = s.shape ? number(s.shape->residual) : Json(nullptr);
  out["start_bound"] = s.shape && composed_before ? number(s.shape->coefficient) : Json(nullptr);
  out["end_bound"] = optional_number(s.end_bound);
  return out;
}

Json stagewise_json(const StagewiseBound& b) {
  StepSchedule schedule;
  Json stages = Json::array();
  for (std::size_t i = 0; i < b.stages.size(); ++i) {
    schedule.stages.push_back(b.stages[i].stage);
    stages.push_back(stage_json(b.stages[i], i, i == 0 || b.stages[i - 1].end_bound));
  }
  return {{"text", schedule_text(schedule)},
          {"horizon", b.horizon()},
          {"admissible", verdict_json(b.admissible)},
          {"first_rejected_stage", b.first_rejected ? Json(*b.first_rejected + 1) : Json(nullptr)},
          {"bound_T", optional_number(b.bound)},
          {"stages", stages}};
}

Json schedule_pairs(const StepSchedule& schedule) {
  Json out = Json::array();
  for (const auto& stage : schedule.stages)
    out.push_back(Json::array({stage.iterations, number(convert<Wide>(stage.gamma))}));
  return out;
}

Json suggestion_json(const ScheduleSuggestion& s) {
  return {{"constant_gamma", s.constant_gamma},
          {"constant_bound_T", number(s.constant_bound)},
          {"schedule", s.schedule ? Json(schedule_text(*s.schedule)) : Json(nullptr)},
          {"stages", s.schedule ? schedule_pairs(*s.schedule) : Json(nullptr)},
          {"bound_T", optional_number(s.bound)},
          {"beats_constant", s.beats_constant},
          {"improvement", optional_number(s.improvement)},
          {"rule", s.rule}};
}

std::string stage_verdict(const StageBound& s) {
  if (s.admissible == Verdict::holds) return "holds";
  for (const auto& c : s.conditions)
    if (c.verdict != Verdict::holds)
      return fmt::format("{}: {} ({})", verdict_name(c.verdict), c.name, c.formula);
  return std::string(verdict_name(s.admissible));
}

std::string stage_row(const StageBound& s, std::size_t index) {
  return fmt::format("{:<7}{:>14}{:>16}{:>18}{:>18}{:>18}  {}\n", index + 1, s.stage.iterations,
                     format_readable(s.stage.gamma, kDigits),
                     s.shape ? text(1 - s.shape->decrement) : "undefined",
                     s.shape ? text(s.shape->residual) : "undefined",
                     s.end_bound ? text(*s.end_bound) : "—", stage_verdict(s));
}

std::string stagewise_text(const StagewiseBound& b) {
  std::string out = fmt::format(
      "\nstagewise  F_s = ρ_s^T_s · F_(s−1) + R_s from F₀, each stage checked at its own γ\n"
      "{:<7}{:>14}{:>16}{:>18}{:>18}{:>18}  {}\n",
      "stage", "iterations", "γ", "rate ρ_s", "residual R_s", "F_s", "conditions");
  for (std::size_t i = 0; i < b.stages.size(); ++i) out += stage_row(b.stages[i], i);
  if (b.bound)
    return out + fmt::format("{:<11}{} at T = {} (every stage admissible)\n", "composed",
                             text(*b.bound), b.horizon());
  return out + fmt::format(
                   "{:<11}NOT ADMISSIBLE: stage {} {}; the schedule is guaranteed "
                   "nothing\n",
                   "composed", *b.first_rejected + 1, stage_verdict(b.stages[*b.first_rejected]));
}

std::string suggestion_text(const ScheduleSuggestion& s, const Wide& T) {
  std::string out =
      fmt::format("\n{:<11}the best constant γ = {} has bound {} at T = {}\n", "schedule",
                  shortest_decimal(s.constant_gamma), text(s.constant_bound), text(T));
  if (!s.schedule) return out + fmt::format("{:<11}no halving schedule fits this horizon\n", "");
  if (s.beats_constant)
    return out + fmt::format(
                     "{:<11}suggested --schedule {}\n{:<11}bound {}, {} times lower\n"
                     "{:<11}({})\n",
                     "", schedule_text(*s.schedule), "", text(*s.bound), text(*s.improvement), "",
                     s.rule);
  return out + fmt::format("{:<11}not beaten: the best halving schedule {} has bound {} ≥ {}\n", "",
                           schedule_text(*s.schedule), text(*s.bound), text(s.constant_bound));
}

std::vector<std::string> all_notes(const CheckResult& r) {
  std::vector<std::string> notes;
  if (r.frontier) notes = r.frontier->notes;
  notes.insert(notes.end(), r.notes.begin(), r.notes.end());
  return notes;
}

}  // namespace

Json to_json(const StagewiseBound& bound) {
  return stagewise_json(bound);
}

Json to_json(const CheckResult& r) {
  const auto& info = r.theorem->info();
  Json out = {
      {"theorem", info.id},
      {"regime", regime_name(info.regime)},
      {"regime_reason", r.regime_reason},
      {"title", info.title},
      {"provenance", info.provenance},
      {"method", info.method},
      {"momentum_init", info.momentum_init.empty() ? Json(nullptr) : Json(info.momentum_init)},
      {"quantity", info.quantity},
      {"quantity_formula", quantity_info(info.quantity).formula},
      {"inputs", inputs_json(r.inputs)},
      {"conditions", conditions_json(r.conditions)},
      {"admissible", verdict_json(r.admissible)}};
  add_gamma_max(out, r.gamma_max);
  add_rate(out, r.shape);
  out["coefficient"] =
      r.shape && r.inputs.has(Symbol::F0) ? number(r.shape->coefficient) : Json(nullptr);
  out["T"] = r.T ? whole_number(*r.T) : Json(nullptr);
  out["bound_T"] = optional_number(r.bound_T);
  out["eps"] = optional_number(r.eps);
  out["iterations_to_eps"] = iterations_json(r.iterations_to_eps);
  out["message"] = message_json(r.message);
  out["bits_to_eps"] = bits_json(r.bits_to_eps);
  out["gamma_best"] = optional_number(r.gamma_best);
  out["bound_T_at_gamma_best"] = optional_number(r.bound_T_at_gamma_best);
  if (heavy_ball(r)) {
    out["eta"] = number(eta_of(r, convert<Wide>(r.inputs.at(Symbol::gamma).value)));
    out["eta_max"] = optional_number(r.eta_max);
    out["eta_best"] = optional_number(r.eta_best);
  }
  out["vacuous"] = vacuity_json(r.vacuous);
  if (r.frontier) out["constants_file"] = frontier_json(*r.frontier);
  if (r.grid) out["grid"] = grid_json(*r.grid);
  out["schedule"] = r.stagewise ? to_json(*r.stagewise) : Json(nullptr);
  out["suggested_schedule"] =
      r.suggested_schedule ? suggestion_json(*r.suggested_schedule) : Json(nullptr);
  out["notes"] = all_notes(r);
  return out;
}

std::string to_text(const CheckResult& r) {
  const auto& info = r.theorem->info();
  const auto& quantity = quantity_info(info.quantity);
  std::string out =
      fmt::format("{:<11}{} — {} statement ({})  {}\n{:<11}{}\n", "theorem", info.id,
                  regime_name(info.regime), r.regime_reason, info.provenance, "", info.title);
  out += fmt::format("{:<11}{}: {}\n", "method", info.method, info.update);
  if (!info.momentum_init.empty()) out += fmt::format("{:<11}{}\n", "start", info.momentum_init);
  out += fmt::format("{:<11}{} = {}\n", "quantity", quantity.name, quantity.formula);
  std::string inputs;
  for (const auto& [symbol, input] : r.inputs.all())
    inputs += fmt::format("{}{} = {} ({})", inputs.empty() ? "" : ", ", symbol_info(symbol).math,
                          format_readable(input.value, kDigits), input.source);
  out += fmt::format("{:<11}{}\n\n", "inputs", inputs);
  out += conditions_table(r);
  out += fmt::format("\n{:<11}{}\n", "verdict", verdict_line(r));
  out += fmt::format("{:<11}{}\n", "γ_max", gamma_max_text(r));
  out += fmt::format("{:<11}{}\n", "rate", rate_text(r));
  out += info.residual == "0" ? fmt::format("{:<11}0 (the bound tends to 0)\n", "residual")
         : r.shape
             ? fmt::format("{:<11}{} = {}\n", "residual", info.residual, text(r.shape->residual))
             : fmt::format("{:<11}{}: not defined at this γ\n", "residual", info.residual);
  out += guarantees_text(r);
  if (r.vacuous) {
    out += fmt::format("{:<11}{}\n", "VACUOUS", r.vacuous->message);
    for (const auto& remedy : r.vacuous->remedies) out += fmt::format("{:<11}{}\n", "", remedy);
  }
  if (r.grid) out += grid_text(*r.grid);
  if (r.stagewise) out += stagewise_text(*r.stagewise);
  if (r.suggested_schedule) out += suggestion_text(*r.suggested_schedule, *r.T);
  for (const auto& note : all_notes(r)) out += "note: " + note + "\n";
  return out;
}

}  // namespace biasbound::theory

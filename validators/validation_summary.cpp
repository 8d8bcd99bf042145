#include "validators/validation_summary.hpp"

#include <fmt/format.h>

#include <cctype>

namespace biasbound::validators {
namespace {

std::string number(const core::Json& j) {
  return j.is_number() ? fmt::format("{:.4g}", j.get<double>()) : std::string("—");
}

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string constants_line(const core::Json& constants) {
  std::string out;
  for (const auto& [name, c] : constants.items()) {
    if (!out.empty()) out += ", ";
    out += fmt::format("{} = {}", name, number(c.at("value")));
  }
  return out;
}

std::string verdict_line(const core::Json& r) {
  const std::string verdict = r.at("verdict").get<std::string>();
  if (!r.contains("statistics"))
    return fmt::format("{}: {}", upper(verdict), r.value("reason", ""));
  const auto& st = r.at("statistics");
  std::string line =
      st.at("mode") == "deterministic"
          ? fmt::format("{} (one deterministic run, relative tolerance {:g})", upper(verdict),
                        st.at("relative_tolerance").get<double>())
          : fmt::format("{} ({} seeds, {} checkpoints, {:g}% family-wise)", upper(verdict),
                        st.at("seeds").get<int>(), st.at("checkpoints").size(),
                        100 * st.at("confidence").get<double>());
  if (!r.at("first_violation").is_null()) {
    const auto& v = r.at("first_violation");
    line += fmt::format("; first violated at T = {}: observed ≥ {} > bound {}",
                        v.at("iteration").get<int>(), number(v.at("lower_limit")),
                        number(v.at("bound")));
  }
  if (!st.at("seeds_needed").is_null())
    line +=
        fmt::format("; about {} seeds would likely decide it", st.at("seeds_needed").get<int>());
  return line;
}

// "γ = 0.1", or "γ schedule 100:0.5,300:0.125" (T_s:γ_s, the doubles the run took).
std::string step_text(const core::Json& method) {
  const auto& schedule = method.value("schedule", core::Json());
  if (!schedule.is_array()) return "γ = " + number(method.at("gamma"));
  std::string text;
  for (const auto& stage : schedule)
    text += fmt::format("{}{}:{}", text.empty() ? "" : ",", stage[0].get<long long>(),
                        stage[1].get<double>());
  return "γ schedule " + text;
}

// check's verdict: true, false or "undecided".
std::string admitted(const core::Json& verdict) {
  if (verdict.is_boolean()) return verdict.get<bool>() ? "admissible" : "NOT admissible";
  return verdict.get<std::string>();
}

// One line per stage of a schedule: its step, rate, residual and the bound at its end.
std::string stage_lines(const core::Json& theory) {
  const auto& schedule = theory.value("schedule", core::Json());
  if (!schedule.is_object()) return {};
  std::string out;
  for (const auto& stage : schedule.at("stages"))
    out += fmt::format(
        "  stage {:<4}{} iterations at γ = {}: {}, rate {}, residual {}, bound at "
        "its end {}\n",
        stage.at("stage").get<int>(), stage.at("iterations").get<long long>(),
        number(stage.at("gamma")), admitted(stage.at("admissible")), number(stage.at("rate")),
        number(stage.at("residual")), number(stage.at("end_bound")));
  return out;
}

}  // namespace

std::string validation_summary(const core::Json& r) {
  const auto& statement = r.at("statement");
  const auto& method = r.at("method");
  const auto& theory = r.at("theory");
  std::string out;
  out +=
      fmt::format("theorem     {} ({}) {}: {}\n", r.at("theorem").get<std::string>(),
                  r.at("regime").get<std::string>(), statement.at("provenance").get<std::string>(),
                  statement.at("title").get<std::string>());
  out += fmt::format("quantity    {}\n", statement.at("quantity").get<std::string>());
  out += fmt::format("method      {} with {}{}, {} ({})\n", method.at("name").get<std::string>(),
                     method.at("estimator").get<std::string>().empty()
                         ? method.at("compressor").get<std::string>()
                         : method.at("estimator").get<std::string>(),
                     method.at("name") == "server-momentum"
                         ? fmt::format(", β = {:g}", method.at("beta").get<double>())
                         : std::string(),
                     step_text(method), method.at("gamma_source").get<std::string>());
  out += fmt::format("constants   {}\n", constants_line(r.at("constants")));
  out += fmt::format("conditions  {}\n",
                     r.at("conditions_admissible").get<bool>() ? "admissible" : "NOT admissible");
  out += fmt::format("theory      rate {}, residual {}, bound at T {}\n",
                     theory.at("rate").is_null() ? theory.at("rate_text").get<std::string>()
                                                 : number(theory.at("rate")),
                     number(theory.at("residual")), number(theory.at("bound_T")));
  out += stage_lines(theory);
  if (theory.contains("vacuous") && theory.at("vacuous").is_string())
    out += fmt::format("VACUOUS     {}\n", theory.at("vacuous").get<std::string>());
  for (const auto& step : r.value("step_checks", core::Json::array()))
    out += fmt::format("other step  {}\n", step.at("sentence").get<std::string>());
  out += fmt::format("verdict     {}\n", verdict_line(r));
  if (r.contains("statistics")) {
    out += fmt::format("tightness   min bound/observed = {}\n", number(r.at("tightness_min")));
    out += fmt::format("rate fit    ρ = {}, r = {}\n", number(r.at("rate_fit").at("rho")),
                       number(r.at("rate_fit").at("residual")));
  }
  return out;
}

}  // namespace biasbound::validators

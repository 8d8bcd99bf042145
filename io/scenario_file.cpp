#include "io/scenario_file.hpp"

#include <fmt/format.h>

#include <toml++/toml.h>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <functional>
#include <limits>
#include <set>
#include <sstream>

#include "core/error.hpp"
#include "core/spec.hpp"
#include "io/scenario_table.hpp"
#include "methods/measure.hpp"
#include "theory/catalog.hpp"
#include "theory/decimal.hpp"
#include "theory/step_schedule.hpp"
#include "theory/symbol.hpp"

namespace biasbound::io {

using validators::Scenario;

namespace {

// Where a value came from, for errors: "demo.toml:12: method.gamma" or "--set gamma=0.1".
struct Place {
  std::string text;
};

using Setter = std::function<void(Scenario&, const toml::node&, const Place&)>;

struct KeySpec {
  std::string_view table;  // empty: top level
  std::string_view key;
  std::string_view expects;  // for "accepted keys" lists
  Setter set;
};

std::string full_name(const KeySpec& k) {
  return k.table.empty() ? std::string(k.key) : fmt::format("{}.{}", k.table, k.key);
}

std::string describe(const toml::node& node) {
  std::ostringstream out;
  if (auto* s = node.as_string())
    out << '"' << s->get() << '"';
  else if (node.is_table())
    out << "a table";
  else if (node.is_array())
    out << "an array";
  else
    node.visit([&](auto&& v) { out << v; });
  return out.str();
}

[[noreturn]] void bad(const Place& place, const toml::node& node, std::string_view expected) {
  throw core::input_error("{}: expected {}, got {}", place.text, expected, describe(node));
}

std::string string_of(const toml::node& node, const Place& place) {
  if (auto* s = node.as_string()) return s->get();
  bad(place, node, "a string");
}

double number_of(const toml::node& node, const Place& place, std::string_view expected) {
  double value = 0;
  if (auto* i = node.as_integer())
    value = static_cast<double>(i->get());
  else if (auto* f = node.as_floating_point())
    value = f->get();
  else
    bad(place, node, expected);
  if (!std::isfinite(value)) bad(place, node, expected);
  return value;
}

long long integer_of(const toml::node& node, const Place& place, long long min, long long max) {
  auto* i = node.as_integer();
  if (!i || i->get() < min) bad(place, node, fmt::format("a whole number >= {}", min));
  if (i->get() > max) bad(place, node, fmt::format("a whole number from {} to {}", min, max));
  return i->get();
}

template <class F>
Setter text(F field) {
  return [field](Scenario& s, const toml::node& n, const Place& p) { s.*field = string_of(n, p); };
}

// A whole number that fits T (an int field never wraps around); `max` lowers the limit.
template <class T, class F>
Setter whole(F field, long long min,
             long long max = static_cast<long long>(std::min<std::uintmax_t>(
                 std::numeric_limits<T>::max(), std::numeric_limits<long long>::max()))) {
  return [field, min, max](Scenario& s, const toml::node& n, const Place& p) {
    s.*field = static_cast<T>(integer_of(n, p, min, max));
  };
}

template <class F>
Setter choice(F field, std::initializer_list<std::string_view> choices) {
  std::vector<std::string_view> list(choices);
  return [field, list](Scenario& s, const toml::node& n, const Place& p) {
    const auto expected = fmt::format("one of \"{}\"", fmt::join(list, "\", \""));
    auto* str = n.as_string();
    if (!str) bad(p, n, expected);
    for (auto c : list)
      if (str->get() == c) {
        s.*field = str->get();
        return;
      }
    bad(p, n, expected);
  };
}

// A number in an interval; `closed_low`/`closed_high` say whether the ends are allowed.
Setter real(double Scenario::*field, double low, bool closed_low, double high, bool closed_high) {
  return [=](Scenario& s, const toml::node& n, const Place& p) {
    const auto expected = fmt::format("a number in {}{}, {}{}", closed_low ? '[' : '(', low, high,
                                      closed_high ? ']' : ')');
    const double v = number_of(n, p, expected);
    const bool ok = (closed_low ? v >= low : v > low) && (closed_high ? v <= high : v < high);
    if (!ok) bad(p, n, expected);
    s.*field = v;
  };
}

// [[T1, g1], [T2, g2], ...]: a piecewise-constant step, kept as "T1:g1,T2:g2" (each γ the
// shortest text of the double TOML read, so the run takes exactly that double).
std::string schedule_of(const toml::array& stages, const Place& p) {
  constexpr std::string_view expected = "[[T1, g1], [T2, g2], ...] with whole T >= 1 and g > 0";
  if (stages.empty()) bad(p, stages, expected);
  std::string text;
  for (const auto& node : stages) {
    const auto* stage = node.as_array();
    if (!stage || stage->size() != 2) bad(p, node, expected);
    const long long T = integer_of(*stage->get(0), p, 1, theory::kMaxStageIterations);
    const double gamma = number_of(*stage->get(1), p, expected);
    if (!(gamma > 0)) bad(p, *stage->get(1), "a step > 0");
    text += fmt::format("{}{}:{}", text.empty() ? "" : ",", T, gamma);
  }
  return text;
}

void set_gamma(Scenario& s, const toml::node& n, const Place& p) {
  constexpr std::string_view expected =
      "a step > 0, \"best\", \"max\" or a schedule [[T1, g1], [T2, g2], ...]";
  if (auto* stages = n.as_array()) {
    s.gamma = schedule_of(*stages, p);
    return;
  }
  if (auto* str = n.as_string()) {
    const auto& text = str->get();
    if (text.find(':') != std::string::npos)  // "T1:g1,T2:g2", as check --schedule reads it
      theory::parse_step_schedule(text, p.text);
    else if (text != "best" && text != "max")
      bad(p, n, expected);
    s.gamma = text;
    return;
  }
  const double v = number_of(n, p, expected);
  if (!(v > 0)) bad(p, n, expected);
  s.gamma = fmt::format("{}", v);
}

void set_theorem(Scenario& s, const toml::node& n, const Place& p) {
  s.theorem = string_of(n, p);
  try {
    theory::statements_of(s.theorem);
  } catch (const core::InputError& e) {
    throw core::input_error("{}: {}", p.text, e.what());
  }
}

void set_probes(Scenario& s, const toml::node& n, const Place& p) {
  s.probes = string_of(n, p);
  try {
    methods::parse_probes(s.probes);
  } catch (const core::InputError& e) {
    throw core::input_error("{}: {}", p.text, e.what());
  }
}

// The constants a scenario may claim ([constants]).
constexpr const char* kClaimable[] = {"L",     "L_blk", "L_max",  "mu", "f_star", "F0",   "m",
                                      "zeta2", "M",     "sigma2", "G2", "delta",  "alpha"};

bool find_constant_spec(std::string_view name) {
  return std::find(std::begin(kClaimable), std::end(kClaimable), name) != std::end(kClaimable);
}

// A claimed constant is checked against its domain here, so the error names the file and line
// (or the --set) that claimed it rather than a check flag nobody gave.
void check_claim(const std::string& name, double value, const Place& p) {
  for (theory::Symbol symbol : theory::kAllSymbols) {
    if (theory::symbol_info(symbol).name != name) continue;
    theory::check_domain(
        symbol, theory::Rational(value),
        p.text.starts_with("--set") ? fmt::format("{}: {}", p.text, name) : p.text);
  }
}

Setter constant(std::string name) {
  return [name](Scenario& s, const toml::node& n, const Place& p) {
    const double value = number_of(n, p, "a finite number");
    check_claim(name, value, p);
    s.constants[name] = value;
  };
}

// [expect] violated_by: the claims ("m=0") that must turn the verdict to VIOLATED — what the
// shipped scenario promises, checked for every catalog statement by the validators' tests.
void set_violated_by(Scenario& s, const toml::node& n, const Place& p) {
  constexpr std::string_view expected = "an array of claims such as \"m=0\"";
  const auto* array = n.as_array();
  if (!array || array->empty()) bad(p, n, expected);
  s.violated_by.clear();
  for (const auto& item : *array) {
    const auto text = string_of(item, p);
    const auto eq = text.find('=');
    const auto value =
        eq == std::string::npos ? std::nullopt : core::parse_double(text.substr(eq + 1));
    if (!value) bad(p, item, expected);
    const auto name = text.substr(0, eq);
    if (!find_constant_spec(name)) bad(p, item, "a claim on one of [constants]' keys");
    check_claim(name, *value, p);
    s.violated_by.push_back(text);
  }
}

void set_check_gamma(Scenario& s, const toml::node& n, const Place& p) {
  constexpr std::string_view expected = "an array of steps > 0";
  const auto* array = n.as_array();
  if (!array) bad(p, n, expected);
  s.check_gamma.clear();
  for (const auto& item : *array) {
    const double v = number_of(item, p, expected);
    if (!(v > 0)) bad(p, item, expected);
    s.check_gamma.push_back(v);
  }
}

const std::vector<KeySpec>& specs() {
  static const std::vector<KeySpec> list = [] {
    std::vector<KeySpec> v = {
        {"", "title", "string", text(&Scenario::title)},
        {"", "description", "string", text(&Scenario::description)},
        {"", "theorem", "catalog id", set_theorem},
        {"", "regime", "\"pl\" | \"nonconvex\"", choice(&Scenario::regime, {"pl", "nonconvex"})},
        {"problem", "spec", "problem spec", text(&Scenario::problem)},
        {"problem", "workers", "integer >= 1", whole<int>(&Scenario::workers, 1)},
        {"estimator", "spec", "pipeline spec", text(&Scenario::estimator)},
        {"estimator", "compressor", "compressor spec", text(&Scenario::compressor)},
        {"method", "gamma", "number | \"best\" | \"max\" | [[T1, g1], ...]", set_gamma},
        {"method", "check_gamma", "array of steps > 0", set_check_gamma},
        {"method", "beta", "number in (0, 1]", real(&Scenario::beta, 0, false, 1, true)},
        {"method", "init", "\"zero\" | \"first\"", choice(&Scenario::init, {"zero", "first"})},
        {"method", "beta_tilde", "number in [0, 1)",
         real(&Scenario::beta_tilde, 0, true, 1, false)},
        {"method", "tau", "integer >= 0", whole<int>(&Scenario::tau, 0)},
        {"method", "staleness", "\"fixed\" | \"random\"",
         choice(&Scenario::staleness, {"fixed", "random"})},
        {"method", "blocks", "integer >= 1", whole<int>(&Scenario::blocks, 1)},
        {"method", "order", "\"cyclic\" | \"random\"",
         choice(&Scenario::order, {"cyclic", "random"})},
        // Checkpoints index the iterations with int.
        {"method", "iterations", "integer >= 1",
         whole<long long>(&Scenario::iterations, 1, std::numeric_limits<int>::max())},
        {"method", "seeds", "integer >= 1", whole<int>(&Scenario::seeds, 1)},
        {"method", "first_seed", "integer >= 0", whole<std::uint64_t>(&Scenario::first_seed, 0)},
        {"measure", "points", "integer >= 1", whole<int>(&Scenario::points, 1)},
        {"measure", "samples", "integer >= 2", whole<int>(&Scenario::samples, 2)},
        {"measure", "probes", "comma-separated probe kinds", set_probes},
        {"measure", "probe_iters", "integer >= 1", whole<long long>(&Scenario::probe_iters, 1)},
        {"measure", "seed", "integer >= 0", whole<std::uint64_t>(&Scenario::measure_seed, 0)},
        {"measure", "curvature_points", "integer >= 1", whole<int>(&Scenario::curvature_points, 1)},
        {"validate", "confidence", "number in (0, 1)",
         real(&Scenario::confidence, 0, false, 1, false)},
        {"validate", "checkpoints", "integer >= 2", whole<int>(&Scenario::checkpoints, 2)},
        {"validate", "threads", "integer >= 0", whole<int>(&Scenario::threads, 0)},
    };
    for (const char* c : kClaimable) v.push_back({"constants", c, "number", constant(c)});
    v.push_back({"expect", "violated_by", "array of claims", set_violated_by});
    return v;
  }();
  return list;
}

const KeySpec* find_spec(std::string_view table, std::string_view key) {
  for (const auto& k : specs())
    if (k.table == table && k.key == key) return &k;
  return nullptr;
}

std::string accepted_in(std::string_view table) {
  std::vector<std::string> names;
  for (const auto& k : specs())
    if (k.table == table) names.push_back(std::string(k.key));
  if (table.empty())
    for (auto t : {"problem", "estimator", "method", "measure", "validate", "constants", "expect"})
      names.push_back(fmt::format("[{}]", t));
  return fmt::format("{}", fmt::join(names, ", "));
}

// The flat name --set accepts for a key: the key itself, or the table for `spec`.
std::string flat_name(const KeySpec& k) {
  return k.key == "spec" ? std::string(k.table) : std::string(k.key);
}

// Flat names are unique: `spec` is reached through its table's name.
const KeySpec* find_key(std::string_view name) {
  for (const auto& k : specs())
    if (full_name(k) == name || flat_name(k) == name) return &k;
  return nullptr;
}

const KeySpec& resolve_override_key(std::string_view name, std::string_view option) {
  if (const auto* k = find_key(name)) return *k;
  std::vector<std::string> all;
  for (const auto& k : specs()) all.push_back(full_name(k));
  throw core::input_error("{}: unknown key '{}'; accepted: {}", option, name, fmt::join(all, ", "));
}

bool is_utf8(const std::string& text) {
  try {
    (void)core::Json(text).dump();
    return true;
  } catch (const core::Json::type_error&) {
    return false;
  }
}

struct Override {
  const KeySpec* spec;
  std::string option;  // "--set gamma=best", or where an Assignment came from
};

// Puts `value` where the key's table holds it, so that the key is read like one in the file.
void put_value(toml::table& root, const KeySpec& spec, const toml::node& value,
               std::string_view option) {
  toml::table* table = &root;
  if (!spec.table.empty()) {
    if (!root.contains(spec.table)) root.insert(spec.table, toml::table{});
    table = root[spec.table].as_table();
    if (!table)
      throw core::input_error("{}: '{}' is not a table in the scenario", option, spec.table);
  }
  table->insert_or_assign(spec.key, value);
}

void apply_assignments(toml::table& root, const std::vector<Assignment>& assignments,
                       std::map<std::string, Override>& applied) {
  for (const auto& a : assignments) {
    const auto* spec = find_key(a.key);
    if (!spec || !a.value) throw core::input_error("{}: unknown key '{}'", a.place, a.key);
    put_value(root, *spec, *a.value, a.place);
    applied[full_name(*spec)] = {spec, a.place};
  }
}

void apply_overrides(toml::table& root, const std::vector<std::string>& overrides,
                     std::map<std::string, Override>& applied) {
  for (const auto& text : overrides) {
    const auto option = fmt::format("--set {}", text);
    const auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0)
      throw core::input_error("{}: expected KEY=VALUE", option);
    const auto& spec = resolve_override_key(text.substr(0, eq), option);
    const std::string value = text.substr(eq + 1);
    toml::table parsed;
    try {
      parsed = toml::parse("v = " + value);
    } catch (const toml::parse_error&) {
      // Not a TOML value: take the text as a string. toml++ checks the encoding of the file's
      // strings; this one goes to validate.json too, whose writer throws on invalid UTF-8.
      if (!is_utf8(value)) throw core::input_error("{}: the value is not valid UTF-8", option);
      parsed.insert_or_assign("v", value);
    }
    // A --set is a flag: its numbers follow the one decimal grammar of every numeric flag, not
    // TOML's (which also reads 0x10, 0o10, 0b10, 1_000, inf and nan).
    const auto* v = parsed.get("v");
    if ((v->is_integer() || v->is_floating_point()) && !core::parse_double(value))
      throw core::input_error("{}: '{}' is not a decimal number (such as 0.5 or 1e-3)", option,
                              value);
    put_value(root, spec, *v, option);
    applied[full_name(spec)] = {&spec, option};
  }
}

Place place_of(const toml::node& node, std::string_view origin, std::string_view name,
               const std::map<std::string, Override>& overrides) {
  if (auto it = overrides.find(std::string(name)); it != overrides.end())
    return {it->second.option};
  return {fmt::format("{}:{}: {}", origin, node.source().begin.line, name)};
}

void read_table(Scenario& s, const toml::table& table, std::string_view table_name,
                std::string_view origin, const std::map<std::string, Override>& overrides) {
  for (auto&& [key, node] : table) {
    const std::string_view k = key.str();
    if (table_name.empty() && node.is_table()) {
      if (k == "problem" || k == "estimator" || k == "method" || k == "measure" ||
          k == "validate" || k == "constants" || k == "expect") {
        read_table(s, *node.as_table(), k, origin, overrides);
        continue;
      }
      throw core::input_error("{}:{}: unknown table [{}]; accepted: {}", origin,
                              node.source().begin.line, k, accepted_in(""));
    }
    const KeySpec* spec = find_spec(table_name, k);
    const auto name = table_name.empty() ? std::string(k) : fmt::format("{}.{}", table_name, k);
    if (!spec)
      throw core::input_error(
          "{}:{}: unknown key '{}'; accepted{}: {}", origin, node.source().begin.line, name,
          table_name.empty() ? "" : fmt::format(" in [{}]", table_name), accepted_in(table_name));
    spec->set(s, node, place_of(node, origin, name, overrides));
  }
}

}  // namespace

Scenario scenario_from_table(toml::table root, const std::string& origin,
                             const std::vector<std::string>& overrides, ScenarioUse use,
                             const std::vector<Assignment>& assignments) {
  std::map<std::string, Override> applied;
  apply_assignments(root, assignments, applied);
  apply_overrides(root, overrides, applied);
  Scenario s;
  s.name = std::filesystem::path(origin).stem().string();
  s.origin = origin;
  s.overrides = overrides;
  read_table(s, root, "", origin, applied);
  if (s.theorem.empty() && use == ScenarioUse::kValidate)
    throw core::input_error("{}: missing key 'theorem'", origin);
  if (s.problem.empty()) throw core::input_error("{}: missing key 'spec' in [problem]", origin);
  return s;
}

std::string scenario_key_name(std::string_view name) {
  const auto* k = find_key(name);
  return k ? full_name(*k) : std::string();
}

const std::vector<std::string>& scenario_keys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> v;
    for (const auto& k : specs()) v.push_back(full_name(k));
    return v;
  }();
  return keys;
}

toml::table parse_toml(std::string_view text, const std::string& origin) {
  try {
    return toml::parse(text, origin);
  } catch (const toml::parse_error& e) {
    throw core::input_error("{}:{}:{}: not valid TOML: {}", origin, e.source().begin.line,
                            e.source().begin.column, e.description());
  }
}

Scenario parse_scenario(std::string_view text, const std::string& origin,
                        const std::vector<std::string>& overrides, ScenarioUse use) {
  return scenario_from_table(parse_toml(text, origin), origin, overrides, use);
}

Scenario load_scenario(const std::filesystem::path& path, const std::vector<std::string>& overrides,
                       ScenarioUse use) {
  if (std::filesystem::is_directory(path))
    throw core::input_error("scenario '{}' is a directory: expected a TOML file such as {}",
                            path.string(), "scenarios/demo.toml");
  std::ifstream in(path);
  if (!in) throw core::input_error("scenario '{}': cannot be read", path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return parse_scenario(text.str(), path.string(), overrides, use);
}

}  // namespace biasbound::io

#include "problems/registry.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/registry.hpp"
#include "problems/builtin_problems.hpp"

namespace biasbound::problems {
namespace {

core::Registry<ProblemEntry>& registry() {
  static core::Registry<ProblemEntry> r(
      "problem",
      {{"quadratic", make_quadratic, "quadratic:d=10,L=1,mu=0.1,hetero=0.5"},
       {"logistic", make_logistic, "logistic:data=synthetic,n=200,d=5"},
       {"meta-linreg", make_meta_linreg, "meta-linreg:d=4"},
       {"mlp", make_mlp, "mlp:data=synthetic,n=200,d=5,classes=3,hidden=8,precision=float64"}});
  return r;
}

// A subset of the names parse_spec accepts, so every registered name can be written in a spec.
bool valid_name(std::string_view name) {
  const auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
  return !name.empty() && lower(name.front()) && std::all_of(name.begin(), name.end(), [&](char c) {
    return lower(c) || (c >= '0' && c <= '9') || c == '-';
  });
}

// The example must parse and name this problem, or the conformance tests would build another.
void check_example(const std::string& name, const std::string& example) {
  std::string example_name;
  try {
    example_name = core::parse_spec(example, "example").name;
  } catch (const core::InputError& e) {
    throw core::input_error("register_problem: problem '{}': {}", name, e.what());
  }
  if (example_name != name)
    throw core::input_error(
        "register_problem: the example '{}' of problem '{}' names another "
        "problem",
        example, name);
}

void check_entry(const std::string& name, const ProblemMaker& make, const std::string& example) {
  if (!valid_name(name))
    throw core::input_error(
        "register_problem: '{}' is not a problem name (a lowercase letter, then lowercase "
        "letters, digits and '-')",
        name);
  if (!make) throw core::input_error("register_problem: problem '{}' has no maker", name);
  check_example(name, example);
}

}  // namespace

void register_problem(std::string name, ProblemMaker make, std::string example) {
  if (example.empty()) example = name;
  check_entry(name, make, example);
  registry().add({std::move(name), std::move(make), std::move(example)});
}

const ProblemEntry* find_problem(std::string_view name) {
  return registry().find(name);
}

std::vector<std::string> problem_names() {
  return registry().names();
}

std::string accepted_problem_names() {
  std::string names;
  for (const auto& name : problem_names()) names += (names.empty() ? "" : ", ") + name;
  return names;
}

std::vector<ProblemEntry> problem_entries() {
  return registry().entries();
}

}  // namespace biasbound::problems

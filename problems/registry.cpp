#include "problems/registry.hpp"

#include <algorithm>
#include <deque>
#include <mutex>

#include "core/error.hpp"
#include "problems/builtin_problems.hpp"

namespace biasbound::problems {
namespace {

struct Registry {
  std::mutex mutex;
  std::deque<ProblemEntry> entries;  // a deque: find_problem's pointers survive registrations
};

Registry& registry() {
  static Registry r{{},
                    {{"quadratic", make_quadratic, "quadratic:d=10,L=1,mu=0.1,hetero=0.5"},
                     {"logistic", make_logistic, "logistic:data=synthetic,n=200,d=5"},
                     {"meta-linreg", make_meta_linreg, "meta-linreg:d=4"}}};
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
  auto& r = registry();
  const std::lock_guard lock(r.mutex);
  for (const auto& entry : r.entries)
    if (entry.name == name)
      throw core::input_error("register_problem: a problem named '{}' is already registered", name);
  r.entries.push_back({std::move(name), std::move(make), std::move(example)});
}

const ProblemEntry* find_problem(std::string_view name) {
  auto& r = registry();
  const std::lock_guard lock(r.mutex);
  for (const auto& entry : r.entries)
    if (entry.name == name) return &entry;
  return nullptr;
}

std::vector<std::string> problem_names() {
  auto& r = registry();
  const std::lock_guard lock(r.mutex);
  std::vector<std::string> names;
  for (const auto& entry : r.entries) names.push_back(entry.name);
  return names;
}

std::string accepted_problem_names() {
  std::string names;
  for (const auto& name : problem_names()) names += (names.empty() ? "" : ", ") + name;
  return names;
}

std::vector<ProblemEntry> problem_entries() {
  auto& r = registry();
  const std::lock_guard lock(r.mutex);
  return {r.entries.begin(), r.entries.end()};
}

}  // namespace biasbound::problems

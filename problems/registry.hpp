#pragma once
// The problems a spec string can name: the built-in ones (quadratic, logistic, meta-linreg, mlp)
// and any problem a user registers. make_problem (factory.hpp) builds from here, the names accepted
// in error messages come from here, and the conformance tests check every entry.

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/spec.hpp"
#include "problems/problem.hpp"

namespace biasbound::problems {

using ProblemMaker = std::function<std::unique_ptr<Problem>(core::SpecReader& reader, int workers)>;

struct ProblemEntry {
  std::string name;
  ProblemMaker make;
  /// A small spec of this problem that builds in well under a second, e.g. "meta-linreg:d=4":
  /// what the conformance tests build and the docs show.
  std::string example;
};

/// Makes `name` usable in problem specs ("name:key=value"). The maker reads its keys from the
/// reader and must call reader.finish(), so unknown keys are errors; it builds the problem for
/// `workers` workers. Names start with a lowercase letter, continue with lowercase letters,
/// digits and '-', and are unique. `example` is a spec with this name (empty: the bare name).
/// Register before specs are parsed on other threads. Errors are core::InputErrors.
void register_problem(std::string name, ProblemMaker make, std::string example = {});

/// The entry for `name`, or nullptr. The pointer stays valid for the life of the program.
const ProblemEntry* find_problem(std::string_view name);

/// Every registered name, built-in first, in registration order.
std::vector<std::string> problem_names();

/// "quadratic, logistic, meta-linreg, ..." for error messages.
std::string accepted_problem_names();

/// A copy of every entry, in registration order (for conformance tests and docs).
std::vector<ProblemEntry> problem_entries();

}  // namespace biasbound::problems

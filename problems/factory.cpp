#include "problems/factory.hpp"

#include "core/error.hpp"
#include "core/spec.hpp"
#include "problems/registry.hpp"

namespace biasbound::problems {

std::unique_ptr<Problem> make_problem(std::string_view text, int workers) {
  const auto spec = core::parse_spec(text, "problem");
  const auto* entry = find_problem(spec.name);
  if (!entry)
    throw core::input_error("problem '{}': unknown problem '{}' (accepted: {})", text, spec.name,
                            accepted_problem_names());
  core::SpecReader reader(spec, "problem");
  auto problem = entry->make(reader, workers);
  // A registered maker is user code: a null problem stops here, not in a method's first step.
  if (!problem)
    throw core::input_error("problem '{}': the maker registered as '{}' returned no problem", text,
                            spec.name);
  return problem;
}

}  // namespace biasbound::problems

#pragma once
// The makers of the built-in problems, which the registry (registry.hpp) starts with. Each reads
// its keys from the spec, checks them and calls reader.finish() before loading any data.

#include <memory>

#include "core/spec.hpp"
#include "problems/problem.hpp"

namespace biasbound::problems {

std::unique_ptr<Problem> make_quadratic(core::SpecReader& reader, int workers);
std::unique_ptr<Problem> make_logistic(core::SpecReader& reader, int workers);
std::unique_ptr<Problem> make_meta_linreg(core::SpecReader& reader, int workers);
std::unique_ptr<Problem> make_mlp(core::SpecReader& reader, int workers);

}  // namespace biasbound::problems

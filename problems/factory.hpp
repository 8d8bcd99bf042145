#pragma once
// Builds a Problem from its spec string, e.g. "quadratic:d=100,L=1,mu=0.01" or
// "logistic:data=fashion-mnist,classes=0/6,lambda=1e-3", with the maker registered under the
// spec's name (registry.hpp). Unknown names or keys are errors that list what is accepted.

#include <memory>
#include <string_view>

#include "problems/problem.hpp"

namespace biasbound::problems {

std::unique_ptr<Problem> make_problem(std::string_view spec, int workers);

}  // namespace biasbound::problems

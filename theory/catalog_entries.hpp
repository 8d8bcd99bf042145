#pragma once
// The catalog's parts: one function per method family, each defined in the file of that name.
// Only catalog.cpp and the tests include this.

#include <memory>
#include <vector>

#include "theory/theorem.hpp"

namespace biasbound::theory {

using Statements = std::vector<std::unique_ptr<Theorem>>;

Statements biased_sgd_theorems();
Statements momentum_theorems();
Statements compressed_gd_theorems();
Statements unbiased_compressed_gd_theorems();
Statements delayed_compressed_gd_theorems();
Statements block_coordinate_theorems();
Statements iag_theorems();
Statements ef_sgd_theorems();
Statements mdsgd_theorems();

}  // namespace biasbound::theory

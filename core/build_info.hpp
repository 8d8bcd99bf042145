#pragma once
// What a result was produced with: toolkit, compiler and library versions (for run.json).

#include "core/json_io.hpp"

namespace biasbound::core {

Json build_info();

}  // namespace biasbound::core

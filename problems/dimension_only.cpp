#include "problems/dimension_only.hpp"

#include <stdexcept>

#include "core/error.hpp"

namespace biasbound::problems {

DimensionOnly::DimensionOnly(int dim, int workers) : dim_(dim), workers_(workers) {
  if (dim < 1) throw core::input_error("--d = {} is impossible: the dimension is at least 1", dim);
  if (workers < 1)
    throw core::input_error("--workers = {} is impossible: there is at least 1 worker", workers);
}

double DimensionOnly::worker_value_gradient(int, ConstVectorRef, VectorRef) const {
  throw std::logic_error("DimensionOnly has no objective: it only sizes compressors");
}

double DimensionOnly::worker_value(int, ConstVectorRef) const {
  throw std::logic_error("DimensionOnly has no objective: it only sizes compressors");
}

core::Json DimensionOnly::describe() const {
  return {{"name", name()}, {"d", dim_}, {"workers", workers_}};
}

}  // namespace biasbound::problems

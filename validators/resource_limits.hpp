#pragma once
// Memory a validation needs, checked before it is allocated: the measurement keeps every probe
// point (d coordinates each), and the comparison keeps every seed's whole trace (seeds are
// saved to DIR/seeds as they finish, but the curves and statistics read them all at once). A
// scenario that cannot fit is an InputError naming its keys, not a bad_alloc after hours.

#include "validators/scenario.hpp"

namespace biasbound::validators {

/// measure.points probe points of dimension `dim`.
void check_measure_memory(const Scenario& scenario, int dim);

/// method.iterations + 1 iterates of `seeds` seeds, with the virtual columns when asked for.
void check_trace_memory(const Scenario& scenario, int seeds, bool virtual_sequence);

}  // namespace biasbound::validators

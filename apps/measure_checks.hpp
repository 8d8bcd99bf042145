#pragma once
// `biasbound measure`'s guards around methods::measure: sizes that cannot fit are refused
// before anything runs, and a measurement that is not finite (a --radius so large that f or its
// gradient overflows at the probe points) writes nothing and is an error.

#include "methods/measure.hpp"

namespace biasbound::apps {

/// Refuses --points whose records cannot fit in memory. A lower bound: the dimension d, which
/// adds 8·d bytes per point, is known only once the problem is built inside measure().
void check_measure_size(const methods::MeasureConfig& config);

/// methods::measure with its files written to a staging folder inside config.out and moved into
/// config.out only when every measured statistic is finite; an InputError otherwise, naming
/// the probe point (and --radius for ball probes), with nothing left behind. config.out is
/// claimed first (core::claim_output_folder): other results there are refused unless `force`.
methods::MeasureOutcome measure_finite(const methods::MeasureConfig& config, bool force = false);

}  // namespace biasbound::apps

#pragma once
// Closed-form compressor constants as exact text ("p/q") for the theory commands, which read
// every number exactly. A double k/d can lie above the true k/d, and a γ_max computed from it
// would then be refused by the same check given the exact constant; text avoids that.

#include <string>

namespace biasbound::estimators {

/// p/q in lowest terms ("1/50"), or "p" when q divides p; q > 0.
std::string ratio_text(long long p, long long q);

/// An exact rational at least (a + b√n)/c: √n rounded up to 12 decimals (exact when n is a
/// perfect square), for the α of irrational closed forms. a, b ≥ 0, n ≥ 0, c > 0.
std::string sqrt_form_above(long long a, long long b, long long n, long long c);

}  // namespace biasbound::estimators

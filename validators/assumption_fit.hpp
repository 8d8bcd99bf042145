#pragma once
// A theorem is only applied where its assumptions can hold. What the estimator and the
// compressor must be follows from the assumption ids the theorem declares (theory/assumption):
//   A-contract               C is one stateless stage that states a δ in closed form
//   A-unbiased-compressor    C is one stateless stage with E C(v) = v and a closed-form α
//   A-worker-unbiased        every stage of the workers' estimator is unbiased and stateless
// and C is always a compressor: it takes the exact gradient, keeps no state (delay and error
// feedback are methods, not compressors). A-bias and A-var hold conditionally on the past; the
// validator measures stateful estimators conditionally on their state, so they pass here.

#include "problems/problem.hpp"
#include "theory/theorem.hpp"
#include "validators/method_plan.hpp"

namespace biasbound::validators {

/// An InputError naming the theorem, the assumption and the stage when `plan` (the estimator
/// and compressor of a scenario) cannot meet an assumption `info` declares.
void require_assumption_fit(const theory::TheoremInfo& info, const MethodPlan& plan,
                            const problems::Problem& problem);

}  // namespace biasbound::validators

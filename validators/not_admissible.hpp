#pragma once
// Why a validation ran nothing: the theorem's conditions fail at the chosen step. The advice
// depends on how the step was chosen: a number can be replaced by the theory's suggestion, but
// when the step already is that suggestion ("best" or "max"), suggesting it again helps nobody.

#include <string>
#include <vector>

namespace biasbound::validators {

/// `gamma_setting` is the scenario's method.gamma ("best", "max", a number or a schedule
/// "T1:g1,..."), `gamma` the step it gave (a schedule's first), `failing` the names of the
/// conditions that do not hold there.
std::string not_admissible_reason(const std::string& theorem, const std::string& gamma_setting,
                                  double gamma, const std::vector<std::string>& failing);

}  // namespace biasbound::validators

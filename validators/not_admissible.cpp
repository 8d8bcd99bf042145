#include "validators/not_admissible.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace biasbound::validators {

std::string not_admissible_reason(const std::string& theorem, const std::string& gamma_setting,
                                  double gamma, const std::vector<std::string>& failing) {
  const std::string which = failing.empty()
                                ? std::string()
                                : fmt::format(" ({} not certified)", fmt::join(failing, ", "));
  if (gamma_setting.find(':') != std::string::npos)
    return fmt::format(
        "the conditions of {} do not hold at every stage of the schedule {}{}: the theorem "
        "promises nothing after the first stage it does not cover, so no run is compared (lower "
        "that stage's γ; check --suggest-schedule proposes a schedule)",
        theorem, gamma_setting, which);
  if (gamma_setting != "best" && gamma_setting != "max")
    return fmt::format(
        "the conditions of {} do not hold at γ = {}{}: the theorem promises nothing there, so no "
        "run is compared (set gamma = \"best\" or \"max\", or --set gamma=best)",
        theorem, gamma, which);
  return fmt::format(
      "the conditions of {} do not hold even at γ = {}, the {} the theory gives for these "
      "constants{}: no step can be certified, so no run is compared (check the claimed and "
      "measured constants, or give a smaller γ as a number)",
      theorem, gamma, gamma_setting == "best" ? "best γ" : "largest admissible γ", which);
}

}  // namespace biasbound::validators

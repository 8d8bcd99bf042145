// Fuzzes the scenario reader (io/scenario_file.*, parse_scenario from TOML text) and its
// --set overrides. Input: TOML text, then optionally a NUL byte and NUL-separated "KEY=VALUE"
// overrides. Bad input must be an InputError; a scenario that reads must give its JSON forms.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "fuzz/fuzz_support.hpp"
#include "io/scenario_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto nul = input.find('\0');
  const auto text = input.substr(0, nul);
  std::vector<std::string> overrides;
  if (nul != std::string_view::npos) {
    std::string_view rest = input.substr(nul + 1);
    while (!rest.empty() && overrides.size() < 8) {
      const auto end = rest.find('\0');
      overrides.emplace_back(rest.substr(0, end));
      rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
    }
  }
  try {
    const auto scenario = biasbound::io::parse_scenario(text, "fuzz.toml", overrides);
    BIASBOUND_FUZZ_CHECK(!scenario.theorem.empty() && !scenario.problem.empty());
    BIASBOUND_FUZZ_CHECK(scenario.workers >= 1 && scenario.iterations >= 1);
    (void)biasbound::validators::fingerprint(scenario).dump();
    (void)biasbound::validators::to_json(scenario).dump();
  } catch (const biasbound::core::InputError&) {
  }
  return 0;
}

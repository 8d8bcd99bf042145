#pragma once
// A validation scenario read from a TOML file (docs/validation.md) with `--set KEY=VALUE`
// overrides on top. One table of keys serves both: its setters read a TOML value, check its
// type and range and store it in the Scenario, so a file and a --set accept the same keys and
// values. Unknown tables and keys are errors, as are values of the wrong type or range; every
// error names the file, line and key (or the --set that gave it).

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "validators/scenario.hpp"

namespace biasbound::io {

/// Every key a scenario accepts, as "table.key" (top-level keys without a table).
const std::vector<std::string>& scenario_keys();

/// What a file must name besides [problem] spec. `validate` checks a theorem, so its scenarios
/// need `theorem`; a sweep only runs the method, so its files need none (one given is checked).
enum class ScenarioUse { kValidate, kRun };

/// Reads `path` and applies `overrides` ("KEY=VALUE", KEY a scenario key such as gamma,
/// method.gamma or m; VALUE read as TOML when it parses, else as a string).
validators::Scenario load_scenario(const std::filesystem::path& path,
                                   const std::vector<std::string>& overrides = {},
                                   ScenarioUse use = ScenarioUse::kValidate);

/// The same from TOML text; `origin` names the text in errors.
validators::Scenario parse_scenario(std::string_view text, const std::string& origin,
                                    const std::vector<std::string>& overrides = {},
                                    ScenarioUse use = ScenarioUse::kValidate);

}  // namespace biasbound::io

#pragma once
// Internal: a scenario from an already parsed TOML document, for readers of files that hold a
// scenario and tables of their own (a sweep's [grid]). They remove their tables and give
// values for scenario keys from elsewhere in the file, which go through the keys' setters like
// a --set, so a value is accepted or refused the same wherever it is written.

#include <toml++/toml.h>

#include <string>
#include <string_view>
#include <vector>

#include "io/scenario_file.hpp"
#include "validators/scenario.hpp"

namespace biasbound::io {

/// `text` as TOML; an InputError naming `origin`, line and column when it is not.
toml::table parse_toml(std::string_view text, const std::string& origin);

/// A value for a scenario key given outside the key's own table; errors name `place`.
struct Assignment {
  std::string key;  // one of scenario_keys(), or its flat --set name (gamma, estimator)
  const toml::node* value = nullptr;
  std::string place;  // "sweep.toml:7: grid.gamma"
};

/// The scenario in `root` with `assignments` set, then `overrides` (--set KEY=VALUE).
validators::Scenario scenario_from_table(toml::table root, const std::string& origin,
                                         const std::vector<std::string>& overrides, ScenarioUse use,
                                         const std::vector<Assignment>& assignments = {});

/// The full name ("method.gamma") of a key as --set accepts it (gamma, method.gamma), or an
/// empty string when there is no such key.
std::string scenario_key_name(std::string_view name);

}  // namespace biasbound::io

#pragma once
// The run a scenario describes outside validate (a sweep's cells): without a theorem, server
// momentum (as `biasbound run`); with one, the method its validation runs
// (validators::plan_method: delayed GD for delayed-compressed-gd-pl, ...), at the scenario's
// numeric step. So a sweep compares the very method a statement is about.

#include <string>

#include "io/run_folder.hpp"
#include "validators/scenario.hpp"

namespace biasbound::io {

/// The RunConfig of `scenario`, less its folder and display settings: problem, workers, method
/// and its settings, iterations and seeds. A scenario whose γ is not a number ("best", "max")
/// has γ = 0 here (RunConfig::check refuses it). An InputError when the theorem's method lacks
/// what it needs (a compressor for EF-SGD).
RunConfig scenario_run_config(const validators::Scenario& scenario);

/// The scenario keys that `config`'s method reads, as run.json names them (gamma, beta, tau,
/// compressor, ...), or as the flat key of a sweep's grid: a key it does not read changes
/// nothing in a run.
bool method_reads(const RunConfig& config, const std::string& key);

}  // namespace biasbound::io

#pragma once
// The seeds of a validation: finished ones are loaded from their files, missing ones run in
// parallel (one thread per seed; each seed's streams depend on the seed only, so results do not
// depend on the thread count) and are saved as each finishes, diverged or not.

#include <cstdint>
#include <filesystem>
#include <vector>

#include "methods/seed_run.hpp"

namespace biasbound::validators {

struct SeedRunSettings {
  std::uint64_t first_seed = 1;
  int seeds = 1;
  long long iterations = 1;
  int threads = 0;  // 0: all cores
  bool virtual_sequence = false;
  bool progress = true;
};

struct SeedRuns {
  std::vector<methods::SeedTrace> traces;  // seed order
  int computed = 0;
  int reused = 0;
};

/// An empty `store_dir` keeps everything in memory (nothing loaded or saved).
/// A diverged seed is saved and returned like the others, with its trace up to the divergence
/// and SeedTrace::divergence set (also when it is loaded from an earlier run).
SeedRuns run_seeds(const problems::Problem& problem, const methods::MethodSpec& spec,
                   const SeedRunSettings& settings, const std::filesystem::path& store_dir);

}  // namespace biasbound::validators

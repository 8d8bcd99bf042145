#pragma once
// The seeds of a validation: finished ones are loaded from their files, missing ones run in
// parallel (one thread per seed; each seed's streams depend on the seed only, so results do not
// depend on the thread count) and are saved as each finishes, diverged or not. Under mpirun they
// are dealt over the ranks (validators/seed_ranks.hpp) when the problem can be rebuilt there.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
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
  std::string problem_spec{};  // the problem's spec: under mpirun, other ranks run seeds too
  int workers = 1;             // its workers
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

/// `seeds` run in this process in parallel, one thread per seed (at most `threads`; 0: this
/// rank's share of the cores), returned in the order given. `done(trace)` is called as each
/// finishes and `on_progress` as iterations pass, from the threads that run them.
std::vector<methods::SeedTrace> run_seed_list(
    const problems::Problem& problem, const methods::MethodSpec& spec,
    const std::vector<std::uint64_t>& seeds, long long iterations, bool virtual_sequence,
    int threads, const methods::IterationsDone& on_progress,
    const std::function<void(const methods::SeedTrace&)>& done = {});

}  // namespace biasbound::validators

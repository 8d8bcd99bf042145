#include "validators/seed_runs.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <mutex>
#include <optional>
#include <string>

#include "core/progress.hpp"
#include "core/thread_pool.hpp"
#include "validators/seed_store.hpp"

namespace biasbound::validators {

SeedRuns run_seeds(const problems::Problem& problem, const methods::MethodSpec& spec,
                   const SeedRunSettings& s, const std::filesystem::path& store_dir) {
  // No folder: in memory, nothing loaded or saved.
  std::optional<SeedStore> store;
  if (!store_dir.empty()) store.emplace(store_dir);
  const int seeds = s.seeds;
  SeedRuns runs;
  runs.traces.resize(static_cast<std::size_t>(seeds));
  std::vector<int> missing;
  for (int r = 0; r < seeds; ++r) {
    const auto seed = s.first_seed + static_cast<std::uint64_t>(r);
    if (auto trace = store ? store->load(seed, s.iterations) : std::nullopt)
      runs.traces[static_cast<std::size_t>(r)] = std::move(*trace);
    else
      missing.push_back(r);
  }
  runs.reused = seeds - static_cast<int>(missing.size());
  runs.computed = static_cast<int>(missing.size());
  if (missing.empty()) return runs;

  const int threads = core::pool_size(s.threads, static_cast<int>(missing.size()));
  core::ThreadPool pool(threads);
  // Progress counts iterations over all running seeds; Progress itself is not thread-safe.
  core::Progress progress("validate", static_cast<long long>(missing.size()) * s.iterations,
                          s.progress);
  std::mutex mutex;
  long long done = 0;
  int finished = 0;
  const auto report = [&](long long iterations, bool seed_finished) {
    const std::lock_guard lock(mutex);
    done += iterations;
    finished += seed_finished;
    progress.update(done, fmt::format("{}/{} seeds done", finished, missing.size()));
  };
  pool.parallel_for(static_cast<int>(missing.size()), [&](int i) {
    const int r = missing[static_cast<std::size_t>(i)];
    const auto seed = s.first_seed + static_cast<std::uint64_t>(r);
    auto trace = methods::run_seed(problem, spec, seed, s.iterations, s.virtual_sequence,
                                   [&](long long n) { report(n, false); });
    // A diverged seed is kept too, so that a re-run knows it diverged instead of running it
    // again as if nothing had happened.
    if (store) store->save(trace);
    runs.traces[static_cast<std::size_t>(r)] = std::move(trace);
    report(0, true);
  });
  progress.finish();
  return runs;
}

}  // namespace biasbound::validators

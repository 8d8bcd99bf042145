#include "validators/seed_runs.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <mutex>
#include <optional>
#include <string>

#include "core/progress.hpp"
#include "core/thread_pool.hpp"
#include "methods/mpi_session.hpp"
#include "validators/seed_ranks.hpp"
#include "validators/seed_store.hpp"

namespace biasbound::validators {
namespace {

// This rank's share of the machine's cores: all of them without mpirun.
int rank_share() {
  const auto* session = methods::MpiSession::current();
  const int ranks_here = session && session->active() ? std::max(1, session->local_size()) : 1;
  return std::max(1, core::default_thread_count() / ranks_here);
}

// The ranks seeds are dealt over: the job's when the problem can be rebuilt on the others.
const methods::MpiSession* seed_ranks(const SeedRunSettings& s) {
  const auto* session = methods::MpiSession::current();
  if (session == nullptr || !session->active() || session->size() == 1 || s.problem_spec.empty())
    return nullptr;
  return session;
}

}  // namespace

std::vector<methods::SeedTrace> run_seed_list(
    const problems::Problem& problem, const methods::MethodSpec& spec,
    const std::vector<std::uint64_t>& seeds, long long iterations, bool virtual_sequence,
    int threads, const methods::IterationsDone& on_progress,
    const std::function<void(const methods::SeedTrace&)>& done) {
  std::vector<methods::SeedTrace> traces(seeds.size());
  if (seeds.empty()) return traces;
  const int count = static_cast<int>(seeds.size());
  core::ThreadPool pool(core::pool_size(threads > 0 ? threads : rank_share(), count));
  pool.parallel_for(count, [&](int i) {
    auto& trace = traces[static_cast<std::size_t>(i)];
    trace = methods::run_seed(problem, spec, seeds[static_cast<std::size_t>(i)], iterations,
                              virtual_sequence, on_progress);
    if (done) done(trace);
  });
  return traces;
}

SeedRuns run_seeds(const problems::Problem& problem, const methods::MethodSpec& spec,
                   const SeedRunSettings& s, const std::filesystem::path& store_dir) {
  // No folder: in memory, nothing loaded or saved.
  std::optional<SeedStore> store;
  if (!store_dir.empty()) store.emplace(store_dir);
  SeedRuns runs;
  runs.traces.resize(static_cast<std::size_t>(s.seeds));
  std::vector<std::uint64_t> missing;
  for (int r = 0; r < s.seeds; ++r) {
    const auto seed = s.first_seed + static_cast<std::uint64_t>(r);
    if (auto trace = store ? store->load(seed, s.iterations) : std::nullopt)
      runs.traces[static_cast<std::size_t>(r)] = std::move(*trace);
    else
      missing.push_back(seed);
  }
  runs.reused = s.seeds - static_cast<int>(missing.size());
  runs.computed = static_cast<int>(missing.size());
  if (missing.empty()) return runs;

  // A diverged seed is kept too, so that a re-run knows it diverged instead of running it again
  // as if nothing had happened.
  const auto keep = [&](const methods::SeedTrace& trace) {
    if (store) store->save(trace);
    runs.traces[static_cast<std::size_t>(trace.seed - s.first_seed)] = trace;
  };
  // The i-th missing seed runs on rank i mod R.
  const auto* session = seed_ranks(s);
  std::vector<std::vector<std::uint64_t>> seeds_of(
      static_cast<std::size_t>(session ? session->size() : 1));
  for (std::size_t i = 0; i < missing.size(); ++i)
    seeds_of[i % seeds_of.size()].push_back(missing[i]);
  const auto& mine = seeds_of.front();
  const auto elsewhere = missing.size() - mine.size();
  if (session)
    send_seed_tasks(
        *session,
        {s.problem_spec, s.workers, spec, {}, s.iterations, s.virtual_sequence, s.threads},
        seeds_of);

  const auto run_all = [&] {
    // Progress counts iterations over this rank's running seeds; Progress itself is not
    // thread-safe.
    core::Progress progress("validate", static_cast<long long>(mine.size()) * s.iterations,
                            s.progress);
    const std::string others = elsewhere > 0 ? fmt::format(" (+{} on other ranks)", elsewhere) : "";
    std::mutex mutex;
    long long done = 0;
    std::size_t finished = 0;
    const auto report = [&](long long iterations, bool seed_finished) {
      const std::lock_guard lock(mutex);
      done += iterations;
      finished += seed_finished;
      progress.update(done, fmt::format("{}/{} seeds done{}", finished, mine.size(), others));
    };
    run_seed_list(
        problem, spec, mine, s.iterations, s.virtual_sequence, s.threads,
        [&](long long n) { report(n, false); },
        [&](const methods::SeedTrace& trace) {
          keep(trace);
          report(0, true);
        });
    if (session)
      for (const auto& trace : receive_seed_traces(*session, seeds_of)) keep(trace);
    progress.finish();
  };
  if (session == nullptr) {
    run_all();
    return runs;
  }
  // The other ranks are running seeds for this one: an error here would leave them waiting.
  try {
    run_all();
  } catch (const std::exception& e) {
    session->abort(e.what(), 2);
  }
  return runs;
}

}  // namespace biasbound::validators

#pragma once
// A validation's seeds over the ranks of an MPI job. The seeds are alike (one method, one
// horizon), so they are dealt round-robin: the i-th seed still to run goes to rank i mod R.
// Rank 0 sends every other rank its seeds with what it needs to run them (the problem's spec,
// the method), runs its own, then receives the others' traces and saves them. The other ranks
// wait in serve_seed_runs until rank 0 releases them with its exit status, so every rank of the
// job ends the same way.

#include <cstdint>
#include <string>
#include <vector>

#include "methods/mpi_session.hpp"
#include "methods/seed_run.hpp"
#include "methods/trace.hpp"

namespace biasbound::validators {

/// Seeds for another rank to run: the problem is rebuilt there from its spec.
struct SeedTask {
  std::string problem{};  // as problems::make_problem reads it
  int workers = 1;
  methods::MethodSpec method{};
  std::vector<std::uint64_t> seeds{};
  long long iterations = 1;
  bool virtual_sequence = false;
  int threads = 0;  // 0: the rank's cores
};

/// Rank 0: sends `task` with seeds_of[r] to each rank r ≥ 1 (ranks with none get none).
void send_seed_tasks(const methods::MpiSession& session, SeedTask task,
                     const std::vector<std::vector<std::uint64_t>>& seeds_of);
/// Rank 0: the traces of the tasks sent, from every rank that had seeds, in arrival order.
std::vector<methods::SeedTrace> receive_seed_traces(
    const methods::MpiSession& session, const std::vector<std::vector<std::uint64_t>>& seeds_of);
/// Rank 0: ends the other ranks' serve_seed_runs, which return `status`.
void release_ranks(const methods::MpiSession& session, int status);

/// Every rank but 0: runs the tasks rank 0 sends (run_seed_list) until it releases this rank,
/// and returns the exit status it sends. An error here ends the whole job (MpiSession::abort).
int serve_seed_runs(const methods::MpiSession& session);

/// The wire form of what travels (exposed for the tests): exact to the bit, NaN and ∞
/// included (CBOR).
std::string encode(const SeedTask& task);
SeedTask decode_task(const std::string& bytes);
std::string encode(const std::vector<methods::SeedTrace>& traces);
std::vector<methods::SeedTrace> decode_traces(const std::string& bytes);

}  // namespace biasbound::validators

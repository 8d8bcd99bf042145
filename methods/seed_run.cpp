#include "methods/seed_run.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/thread_pool.hpp"
#include "methods/ef_sgd.hpp"
#include "methods/in_process_communicator.hpp"
#include "methods/mdsgd.hpp"

namespace biasbound::methods {
namespace {

void record(SeedTrace& trace, const Observation& observation) {
  trace.f.push_back(observation.f);
  trace.grad_norm2.push_back(observation.grad_norm2);
}

bool finite(const Observation& o) {
  return std::isfinite(o.f) && std::isfinite(o.grad_norm2);
}

// Steps `method` T times from a reset; `before_step(k)` sees x_k before iteration k and once
// more at x_T.
template <class Method, class BeforeStep>
SeedTrace drive(Method& method, std::uint64_t seed, long long T, BeforeStep before_step,
                const IterationsDone& on_progress) {
  SeedTrace trace;
  trace.seed = seed;
  method.reset(seed);
  const long long every = std::max(1LL, (T + 99) / 100);  // at most ~100 reports
  for (long long k = 0; k < T; ++k) {
    if (on_progress && k > 0 && k % every == 0) on_progress(every);
    before_step(trace);
    const Observation observation = method.step();
    record(trace, observation);
    if (!finite(observation)) {
      trace.divergence = fmt::format("diverged at iteration {}: f(x_{}) = {}, ‖∇f‖² = {}", k, k,
                                     observation.f, observation.grad_norm2);
      return trace;
    }
  }
  if (on_progress) on_progress(T - (T - 1) / every * every);
  before_step(trace);
  const Observation last = method.observe();
  record(trace, last);
  if (!finite(last))
    trace.divergence = fmt::format("diverged at iteration {}: f(x_{}) = {}", T, T, last.f);
  return trace;
}

SeedTrace run_server_momentum(const problems::Problem& problem, const MethodSpec& spec,
                              Communicator& communicator, std::uint64_t seed, long long T,
                              bool virtual_sequence, const IterationsDone& on_progress) {
  const auto pipeline = estimators::Pipeline::parse(spec.estimator, problem);
  ServerMomentum method(problem, pipeline, {spec.gamma, spec.beta, spec.init}, communicator);
  const double c = spec.gamma * (1 - spec.beta) / spec.beta;
  problems::Vector z(problem.dim());
  return drive(
      method, seed, T,
      [&](SeedTrace& trace) {
        if (!virtual_sequence) return;
        z = method.x() - c * method.v();
        trace.f_virtual.push_back(problems::value(problem, z));
        trace.v_norm2.push_back(method.v().squaredNorm());
      },
      on_progress);
}

}  // namespace

std::string_view to_string(MethodKind kind) {
  switch (kind) {
    case MethodKind::kServerMomentum:
      return "server-momentum";
    case MethodKind::kEfSgd:
      return "ef-sgd";
    case MethodKind::kMdsgd:
      return "mdsgd";
    case MethodKind::kDelayedGd:
      return "delayed-gd";
  }
  return "server-momentum";
}

SeedTrace run_seed(const problems::Problem& problem, const MethodSpec& spec, std::uint64_t seed,
                   long long iterations, bool virtual_sequence, const IterationsDone& on_progress) {
  core::ThreadPool pool(1);
  InProcessCommunicator communicator(problem.workers(), problem.dim(), pool);
  auto nothing = [](SeedTrace&) {};
  switch (spec.kind) {
    case MethodKind::kServerMomentum:
      return run_server_momentum(problem, spec, communicator, seed, iterations, virtual_sequence,
                                 on_progress);
    case MethodKind::kEfSgd: {
      EfSgd method(problem, estimators::Pipeline::parse(spec.estimator, problem),
                   Compressor::parse(spec.compressor, problem), spec.gamma, communicator);
      return drive(method, seed, iterations, nothing, on_progress);
    }
    case MethodKind::kMdsgd: {
      const MdsgdParams params{spec.gamma * (1 - spec.beta_tilde), spec.beta_tilde};
      Mdsgd method(problem, estimators::Pipeline::parse(spec.estimator, problem),
                   Compressor::parse(spec.compressor, problem), params, communicator);
      return drive(method, seed, iterations, nothing, on_progress);
    }
    case MethodKind::kDelayedGd: {
      DelayedGd method(problem, Compressor::parse(spec.compressor, problem),
                       {spec.gamma, spec.tau, spec.staleness}, communicator);
      return drive(method, seed, iterations, nothing, on_progress);
    }
  }
  return {};
}

}  // namespace biasbound::methods

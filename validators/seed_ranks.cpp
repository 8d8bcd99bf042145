#include "validators/seed_ranks.hpp"

#include <map>
#include <memory>
#include <utility>

#include "core/json_io.hpp"
#include "problems/factory.hpp"
#include "validators/seed_runs.hpp"

namespace biasbound::validators {
namespace {

enum Tag : int { kTask = 11, kTraces = 12, kRelease = 13 };

std::string to_bytes(const core::Json& json) {
  const auto cbor = core::Json::to_cbor(json);
  return {cbor.begin(), cbor.end()};
}

core::Json from_bytes(const std::string& bytes) {
  return core::Json::from_cbor(bytes.begin(), bytes.end());
}

// The step as its stages, and whether it is one constant γ (a constant is one stage that
// continues; a schedule of one stage ends).
core::Json step_json(const methods::StepSize& gamma) {
  core::Json stages = core::Json::array();
  for (const auto& stage : gamma.stages()) stages.push_back({stage.iterations, stage.gamma});
  return {{"constant", gamma.constant()}, {"stages", stages}};
}

methods::StepSize step_from(const core::Json& j) {
  std::vector<methods::StepStage> stages;
  for (const auto& stage : j.at("stages"))
    stages.push_back({stage.at(0).get<long long>(), stage.at(1).get<double>()});
  return j.at("constant").get<bool>() ? methods::StepSize(stages.front().gamma)
                                      : methods::StepSize::piecewise(std::move(stages));
}

// Enums travel as their values: both ends are the same binary.
template <class Enum>
int value(Enum e) {
  return static_cast<int>(e);
}

core::Json method_json(const methods::MethodSpec& m) {
  return {{"kind", value(m.kind)},
          {"estimator", m.estimator},
          {"compressor", m.compressor},
          {"gamma", step_json(m.gamma)},
          {"beta", m.beta},
          {"init", value(m.init)},
          {"beta_tilde", m.beta_tilde},
          {"tau", m.tau},
          {"staleness", value(m.staleness)},
          {"blocks", m.blocks},
          {"order", value(m.order)}};
}

methods::MethodSpec method_from(const core::Json& j) {
  methods::MethodSpec m;
  m.kind = static_cast<methods::MethodKind>(j.at("kind").get<int>());
  m.estimator = j.at("estimator").get<std::string>();
  m.compressor = j.at("compressor").get<std::string>();
  m.gamma = step_from(j.at("gamma"));
  m.beta = j.at("beta").get<double>();
  m.init = static_cast<methods::MomentumInit>(j.at("init").get<int>());
  m.beta_tilde = j.at("beta_tilde").get<double>();
  m.tau = j.at("tau").get<int>();
  m.staleness = static_cast<methods::Staleness>(j.at("staleness").get<int>());
  m.blocks = j.at("blocks").get<int>();
  m.order = static_cast<methods::RefreshOrder>(j.at("order").get<int>());
  return m;
}

core::Json optional_text(const std::optional<std::string>& text) {
  return text ? core::Json(*text) : core::Json(nullptr);
}

std::optional<std::string> text_from(const core::Json& j) {
  return j.is_null() ? std::nullopt : std::optional(j.get<std::string>());
}

core::Json trace_json(const methods::SeedTrace& t) {
  return {{"seed", t.seed},
          {"f", t.f},
          {"grad_norm2", t.grad_norm2},
          {"f_virtual", t.f_virtual},
          {"v_norm2", t.v_norm2},
          {"bits_up", t.bits_up},
          {"bits_down", t.bits_down},
          {"divergence", optional_text(t.divergence)},
          {"stopped", optional_text(t.stopped)}};
}

methods::SeedTrace trace_from(const core::Json& j) {
  methods::SeedTrace t;
  t.seed = j.at("seed").get<std::uint64_t>();
  t.f = j.at("f").get<std::vector<double>>();
  t.grad_norm2 = j.at("grad_norm2").get<std::vector<double>>();
  t.f_virtual = j.at("f_virtual").get<std::vector<double>>();
  t.v_norm2 = j.at("v_norm2").get<std::vector<double>>();
  t.bits_up = j.at("bits_up").get<std::vector<double>>();
  t.bits_down = j.at("bits_down").get<std::vector<double>>();
  t.divergence = text_from(j.at("divergence"));
  t.stopped = text_from(j.at("stopped"));
  return t;
}

}  // namespace

std::string encode(const SeedTask& task) {
  return to_bytes({{"problem", task.problem},
                   {"workers", task.workers},
                   {"method", method_json(task.method)},
                   {"seeds", task.seeds},
                   {"iterations", task.iterations},
                   {"virtual_sequence", task.virtual_sequence},
                   {"threads", task.threads}});
}

SeedTask decode_task(const std::string& bytes) {
  const auto j = from_bytes(bytes);
  return {j.at("problem").get<std::string>(),  j.at("workers").get<int>(),
          method_from(j.at("method")),         j.at("seeds").get<std::vector<std::uint64_t>>(),
          j.at("iterations").get<long long>(), j.at("virtual_sequence").get<bool>(),
          j.at("threads").get<int>()};
}

std::string encode(const std::vector<methods::SeedTrace>& traces) {
  core::Json all = core::Json::array();
  for (const auto& trace : traces) all.push_back(trace_json(trace));
  return to_bytes(all);
}

std::vector<methods::SeedTrace> decode_traces(const std::string& bytes) {
  std::vector<methods::SeedTrace> traces;
  for (const auto& trace : from_bytes(bytes)) traces.push_back(trace_from(trace));
  return traces;
}

void send_seed_tasks(const methods::MpiSession& session, SeedTask task,
                     const std::vector<std::vector<std::uint64_t>>& seeds_of) {
  for (int rank = 1; rank < session.size(); ++rank) {
    task.seeds = seeds_of.at(static_cast<std::size_t>(rank));
    if (!task.seeds.empty()) session.send(rank, kTask, encode(task));
  }
}

std::vector<methods::SeedTrace> receive_seed_traces(
    const methods::MpiSession& session, const std::vector<std::vector<std::uint64_t>>& seeds_of) {
  std::size_t expected = 0;
  for (std::size_t rank = 1; rank < seeds_of.size(); ++rank)
    expected += seeds_of[rank].empty() ? 0 : 1;
  std::vector<methods::SeedTrace> traces;
  for (std::size_t received = 0; received < expected;) {
    const auto envelope = session.receive();
    if (envelope.tag != kTraces) continue;
    for (auto& trace : decode_traces(envelope.bytes)) traces.push_back(std::move(trace));
    ++received;
  }
  return traces;
}

void release_ranks(const methods::MpiSession& session, int status) {
  for (int rank = 1; rank < session.size(); ++rank)
    session.send(rank, kRelease, std::to_string(status));
}

int serve_seed_runs(const methods::MpiSession& session) {
  // One problem per (spec, workers): a validation runs all its seeds on one.
  std::map<std::pair<std::string, int>, std::unique_ptr<problems::Problem>> problems;
  try {
    for (;;) {
      const auto envelope = session.receive();
      if (envelope.tag == kRelease) return std::stoi(envelope.bytes);
      if (envelope.tag != kTask) continue;
      const auto task = decode_task(envelope.bytes);
      auto& problem = problems[{task.problem, task.workers}];
      if (!problem) problem = problems::make_problem(task.problem, task.workers);
      const auto traces = run_seed_list(*problem, task.method, task.seeds, task.iterations,
                                        task.virtual_sequence, task.threads, {});
      session.send(0, kTraces, encode(traces));
    }
  } catch (const std::exception& e) {
    session.abort(e.what(), 2);
  }
}

}  // namespace biasbound::validators

#pragma once
// Streams a run to trace.csv as it goes, one flushed row per (seed, iteration): seed, iter, f,
// grad_norm2 and, for classification problems, train_loss, train_acc, test_loss, test_acc —
// evaluated at x_k every `eval_every` iterations and at the last iterate, empty elsewhere —
// then bits_up, bits_down: the cumulative bits of the rounds before x_k (SeedTrace).
// A problem that reports shard counts (the mlp) gives the train metrics from the pass that
// computes the gradient, so an evaluation only passes over the test set.
// A run that stops early leaves a file of whole rows.

#include <cstdint>
#include <filesystem>
#include <optional>

#include "core/csv_writer.hpp"
#include "methods/run_loop.hpp"

namespace biasbound::methods::callbacks {

class TraceCsv {
 public:
  TraceCsv(const std::filesystem::path& path, const problems::Problem& problem,
           long long eval_every);

  void before_step(LoopState& state);
  bool observed(LoopState& state, const Observation& observation);

  /// The metrics of the last recorded row's iterate, when they were evaluated there.
  const std::optional<problems::ClassificationMetrics>& metrics() const { return metrics_; }

 private:
  const problems::Problem& problem_;
  long long eval_every_;
  bool counts_;  // train metrics from the gradient pass
  bool classification_;
  core::CsvWriter csv_;
  bool due_ = false;
  std::optional<problems::HeldOutMetrics> test_;
  std::optional<problems::ClassificationMetrics> metrics_;
};

}  // namespace biasbound::methods::callbacks

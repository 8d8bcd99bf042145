#pragma once
// trace.csv: one row per (seed, iteration), written and flushed as the run goes. Columns:
// seed, iter, f, grad_norm2 and, for classification problems, train_loss, train_acc, test_loss,
// test_acc — filled at evaluation iterations, empty elsewhere.

#include <cstdint>
#include <filesystem>
#include <optional>

#include "core/csv_writer.hpp"
#include "methods/server_momentum.hpp"

namespace biasbound::methods {

class TraceWriter {
 public:
  TraceWriter(const std::filesystem::path& path, bool classification);

  void write(std::uint64_t seed, long long iteration, const Observation& observation,
             const std::optional<problems::ClassificationMetrics>& metrics);

 private:
  core::CsvWriter csv_;
  bool classification_;
};

}  // namespace biasbound::methods

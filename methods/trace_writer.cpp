#include "methods/trace_writer.hpp"

#include <string>
#include <vector>

namespace biasbound::methods {
namespace {

std::vector<std::string> columns(bool classification) {
  std::vector<std::string> c = {"seed", "iter", "f", "grad_norm2"};
  if (classification) c.insert(c.end(), {"train_loss", "train_acc", "test_loss", "test_acc"});
  return c;
}

}  // namespace

TraceWriter::TraceWriter(const std::filesystem::path& path, bool classification)
    : csv_(path, columns(classification)), classification_(classification) {}

void TraceWriter::write(std::uint64_t seed, long long iteration, const Observation& observation,
                        const std::optional<problems::ClassificationMetrics>& metrics) {
  csv_.cell(seed).cell(iteration).cell(observation.f).cell(observation.grad_norm2);
  if (classification_) {
    using Cell = std::optional<double>;
    csv_.cell(metrics ? Cell(metrics->train_loss) : Cell())
        .cell(metrics ? Cell(metrics->train_accuracy) : Cell())
        .cell(metrics ? metrics->test_loss : Cell())
        .cell(metrics ? metrics->test_accuracy : Cell());
  }
  csv_.end_row();
}

}  // namespace biasbound::methods

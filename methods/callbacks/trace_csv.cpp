#include "methods/callbacks/trace_csv.hpp"

#include <string>
#include <vector>

namespace biasbound::methods::callbacks {
namespace {

std::vector<std::string> columns(bool classification) {
  std::vector<std::string> c = {"seed", "iter", "f", "grad_norm2"};
  if (classification) c.insert(c.end(), {"train_loss", "train_acc", "test_loss", "test_acc"});
  c.insert(c.end(), {"bits_up", "bits_down"});
  return c;
}

}  // namespace

TraceCsv::TraceCsv(const std::filesystem::path& path, const problems::Problem& problem,
                   long long eval_every)
    : problem_(problem),
      eval_every_(eval_every),
      counts_(problem.reports_shard_counts()),
      classification_(counts_ ||
                      problem.classification_metrics(problem.initial_point()).has_value()),
      csv_(path, columns(classification_)) {}

void TraceCsv::before_step(LoopState& state) {
  due_ = state.k % eval_every_ == 0 || state.k == state.iterations;
  metrics_.reset();
  if (!due_) return;
  if (counts_)
    test_ = problem_.test_metrics(state.method.x());  // the train part comes with the step
  else
    metrics_ = problem_.classification_metrics(state.method.x());
}

bool TraceCsv::observed(LoopState& state, const Observation& observation) {
  if (due_ && counts_ && observation.train.examples > 0) {
    const auto& c = observation.train;
    const double examples = static_cast<double>(c.examples);
    metrics_ = {c.loss_sum / examples, static_cast<double>(c.correct) / examples,
                test_ ? std::optional(test_->loss) : std::nullopt,
                test_ ? std::optional(test_->accuracy) : std::nullopt};
  }
  csv_.cell(state.seed).cell(state.k).cell(observation.f).cell(observation.grad_norm2);
  if (classification_) {
    using Cell = std::optional<double>;
    const auto& m = metrics_;
    csv_.cell(m ? Cell(m->train_loss) : Cell())
        .cell(m ? Cell(m->train_accuracy) : Cell())
        .cell(m ? m->test_loss : Cell())
        .cell(m ? m->test_accuracy : Cell());
  }
  csv_.cell(state.trace.bits_up.back()).cell(state.trace.bits_down.back());
  csv_.end_row();
  return false;
}

}  // namespace biasbound::methods::callbacks

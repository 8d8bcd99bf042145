#include "estimators/maml.hpp"

#include <boost/random/uniform_int_distribution.hpp>
#include <limits>

#include "core/error.hpp"
#include "problems/meta_linreg.hpp"

namespace biasbound::estimators {
namespace {

// The sampled indices are kept for the Ĥ product, 4 bytes each in every worker's copy of the
// stage; this caps that at 64 MiB.
constexpr long long kMaxInnerBatch = 1LL << 24;

const problems::MetaLinReg* as_meta_linreg(const problems::Problem& problem) {
  return dynamic_cast<const problems::MetaLinReg*>(&problem);
}

}  // namespace

Maml::Maml(double alpha, int inner_batch, int tasks, int dim)
    : alpha_(alpha),
      tasks_(tasks),
      batch_(static_cast<std::size_t>(inner_batch)),
      inner_(dim),
      outer_(dim) {}

void Maml::apply(const Context& context, Message& message) {
  const auto* meta = as_meta_linreg(context.problem);
  if (!meta)
    throw core::input_error("estimator stage maml: problem '{}' is not meta-linreg",
                            context.problem.name());
  boost::random::uniform_int_distribution<int> pick_task(0, meta->worker_tasks(context.worker) - 1);
  const double step = alpha_ / static_cast<double>(batch_.size());
  message.values.setZero();
  for (int k = 0; k < tasks_; ++k) {
    const auto& task = meta->task(context.worker, pick_task(context.rng));
    boost::random::uniform_int_distribution<int> pick_example(0, task.examples() - 1);
    inner_.setZero();
    for (auto& j : batch_) {
      j = pick_example(context.rng);
      const auto a = task.features.row(j);
      inner_.noalias() += (a.dot(context.x) - task.targets[j]) * a.transpose();
    }
    inner_ = context.x - step * inner_;
    outer_.setZero();
    task.add_value_gradient(inner_, 1.0, outer_);
    // (I − αĤ)∇ℓ_t with Ĥ on the same samples as ĝ: this sharing is the estimator's bias.
    message.values += outer_;
    for (const int j : batch_) {
      const auto a = task.features.row(j);
      message.values.noalias() -= (step * a.dot(outer_)) * a.transpose();
    }
  }
  message.values /= tasks_;
  message.sparse = false;
}

core::Json Maml::describe() const {
  return {{"stage", "maml"}, {"alpha", alpha_}, {"b_in", batch_.size()}, {"tasks", tasks_}};
}

StageConstants Maml::constants() const {
  StageConstants c;
  c.m = 0.0;
  c.note =
      "biased: E = grad f_t + (alpha^2 / b_in) (E_j[a_j (a_j^T H a_j) r_j] - H^2 grad l_t); "
      "zeta^2 = O(alpha^2 L^2 sigma^2 / b_in): measured";
  return c;
}

std::unique_ptr<Stage> make_maml(core::SpecReader& r, const problems::Problem& problem) {
  const auto alpha = r.number("alpha");
  const auto inner_batch = r.integer("b_in");
  const auto tasks = r.integer("tasks", 1);
  r.finish();
  const auto* meta = as_meta_linreg(problem);
  if (!meta)
    throw core::input_error("{}: maml needs problem meta-linreg, got '{}'", r.where(),
                            problem.name());
  if (!inner_batch) throw core::input_error("{}: needs b_in=INNER_BATCH_SIZE", r.where());
  if (*inner_batch < 1 || *inner_batch > kMaxInnerBatch)
    throw core::input_error("{}: b_in must be in [1, {}], got {}", r.where(), kMaxInnerBatch,
                            *inner_batch);
  if (tasks < 1 || tasks > std::numeric_limits<int>::max())
    throw core::input_error("{}: tasks must be in [1, {}], got {}", r.where(),
                            std::numeric_limits<int>::max(), tasks);
  if (alpha && *alpha != meta->alpha())
    throw core::input_error(
        "{}: alpha={} differs from the problem's inner step alpha={}; the meta-objective fixes "
        "alpha (omit the key or set it to {})",
        r.where(), *alpha, meta->alpha(), meta->alpha());
  return std::make_unique<Maml>(meta->alpha(), static_cast<int>(*inner_batch),
                                static_cast<int>(tasks), problem.dim());
}

}  // namespace biasbound::estimators

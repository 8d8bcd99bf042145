#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "../test_support.hpp"
#include "core/thread_pool.hpp"
#include "estimators/pipeline.hpp"
#include "methods/callbacks/trace_csv.hpp"
#include "methods/in_process_communicator.hpp"
#include "methods/run.hpp"
#include "methods/run_loop.hpp"
#include "methods/server_momentum.hpp"
#include "problems/factory.hpp"

using namespace biasbound;

TEST_CASE("mlp runs give identical traces for every thread count", "[mlp][threads]") {
  const auto f =
      problems::make_problem("mlp:data=synthetic,n=120,d=6,classes=4,hidden=8", /*workers=*/4);
  methods::MethodSpec spec;
  spec.estimator = "exact+topk:frac=0.1";
  spec.gamma = 0.5;
  spec.beta = 0.1;
  const auto one = methods::run(*f, spec, {.iterations = 15, .seeds = 2, .threads = 1});
  const auto two = methods::run(*f, spec, {.iterations = 15, .seeds = 2, .threads = 2});
  REQUIRE(one.seeds.size() == 2);
  for (std::size_t s = 0; s < 2; ++s) {
    CHECK(one.seeds[s].f == two.seeds[s].f);
    CHECK(one.seeds[s].grad_norm2 == two.seeds[s].grad_norm2);
  }
  // Each seed starts from its own draw of the weights.
  CHECK(one.seeds[0].f.front() != one.seeds[1].f.front());
  CHECK(one.seeds[0].f.back() < one.seeds[0].f.front());
}

namespace {

// An mlp whose training-set evaluation throws: a trace that asks for it fails.
class NoSecondPass final : public problems::Problem {
 public:
  explicit NoSecondPass(const problems::Problem& inner) : inner_(inner) {}
  std::string name() const override { return inner_.name(); }
  int dim() const override { return inner_.dim(); }
  int workers() const override { return inner_.workers(); }
  problems::Vector initial_point() const override { return inner_.initial_point(); }
  problems::Vector seeded_initial_point(std::uint64_t seed) const override {
    return inner_.seeded_initial_point(seed);
  }
  double worker_value_gradient(int w, problems::ConstVectorRef x,
                               problems::VectorRef g) const override {
    return inner_.worker_value_gradient(w, x, g);
  }
  double worker_value(int w, problems::ConstVectorRef x) const override {
    return inner_.worker_value(w, x);
  }
  double worker_pass(int w, problems::ConstVectorRef x, problems::VectorRef g,
                     problems::ShardCounts& counts) const override {
    return inner_.worker_pass(w, x, g, counts);
  }
  bool reports_shard_counts() const override { return inner_.reports_shard_counts(); }
  std::optional<problems::HeldOutMetrics> test_metrics(problems::ConstVectorRef x) const override {
    return inner_.test_metrics(x);
  }
  std::optional<problems::ClassificationMetrics> classification_metrics(
      problems::ConstVectorRef) const override {
    throw std::logic_error("a second pass over the training set");
  }
  problems::AnalyticConstants constants() const override { return inner_.constants(); }
  core::Json describe() const override { return inner_.describe(); }

 private:
  const problems::Problem& inner_;
};

std::vector<std::string> fields(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream s(line);
  for (std::string cell; std::getline(s, cell, ',');) out.push_back(cell);
  return out;
}

}  // namespace

TEST_CASE("mlp train metrics come from the gradient pass, equal to a separate evaluation",
          "[mlp][metrics]") {
  const auto f = problems::make_problem(
      "mlp:data=synthetic,n=120,d=6,classes=4,hidden=8,precision=float64,n_test=40", 4);
  REQUIRE(f->reports_shard_counts());
  const NoSecondPass g(*f);
  testing::TempDir dir;
  core::ThreadPool pool(2);
  methods::InProcessCommunicator communicator(4, f->dim(), pool);
  methods::ServerMomentum method(g, estimators::Pipeline::parse("exact", g), {0.5, 0.5},
                                 communicator);
  {
    methods::callbacks::TraceCsv trace(dir / "trace.csv", g, /*eval_every=*/5);
    methods::run_seed(method, 3, 10, trace);
  }
  std::ifstream in(dir / "trace.csv");
  std::string line;
  std::getline(in, line);
  CHECK(line == "seed,iter,f,grad_norm2,train_loss,train_acc,test_loss,test_acc,bits_up,bits_down");
  int evaluated = 0;
  while (std::getline(in, line)) {
    const auto row = fields(line);  // an unevaluated row ends in empty cells, which getline drops
    if (row.size() < 5 || row[4].empty()) continue;
    REQUIRE(row.size() == 10);
    ++evaluated;
    // Replay the run to the row's iterate and evaluate there the usual way.
    method.reset(3);
    for (int k = 0; k < std::stoi(row[1]); ++k) method.step();
    const auto m = *f->classification_metrics(method.x());
    CHECK(std::stod(row[4]) == Approx(m.train_loss).epsilon(1e-12));
    CHECK(std::stod(row[5]) == m.train_accuracy);
    CHECK(std::stod(row[6]) == Approx(*m.test_loss).epsilon(1e-12));
    CHECK(std::stod(row[7]) == *m.test_accuracy);
    CHECK(std::stod(row[2]) == Approx(m.train_loss).epsilon(1e-12));  // lambda = 0: f is the loss
  }
  CHECK(evaluated == 3);  // k = 0, 5, 10
}

#include <catch2/catch.hpp>

#include "../problems/test_problems.hpp"
#include "core/error.hpp"
#include "estimators/pipeline.hpp"
#include "estimators/registry.hpp"

using namespace biasbound;
using Catch::Matchers::Contains;
using Eigen::VectorXd;

namespace {

VectorXd run_once(estimators::Pipeline& pipeline, const problems::Problem& p, int worker,
                  const VectorXd& x, std::uint64_t stream) {
  core::Rng rng(stream);
  estimators::Message m;
  m.resize(p.dim());
  pipeline.run({p, worker, x, rng, nullptr}, m);
  return m.values;
}

}  // namespace

TEST_CASE("a pipeline starting with a compressor takes the exact gradient as source",
          "[pipeline]") {
  const auto p = testing::small_quadratic(2, 0.3, 10);
  auto pipeline = estimators::Pipeline::parse("topk:k=10", *p);
  CHECK(pipeline.uses_exact_gradient());
  const auto stages = pipeline.describe();
  REQUIRE(stages.size() == 2);
  CHECK(stages[0]["stage"] == "exact");
  CHECK(stages[1]["k"] == 10);
  const VectorXd x = VectorXd::LinSpaced(10, -1, 1);
  VectorXd grad(10);
  p->worker_value_gradient(1, x, grad);
  CHECK((run_once(pipeline, *p, 1, x, 3) - grad).norm() == 0);  // k = d keeps everything
}

TEST_CASE("topk:frac resolves k = round(frac d), at least 1", "[pipeline]") {
  const auto p = testing::small_quadratic(2, 0.0, 10);
  CHECK(estimators::Pipeline::parse("topk:frac=0.26", *p).describe()[1]["k"] == 3);
  CHECK(estimators::Pipeline::parse("topk:frac=0.01", *p).describe()[1]["k"] == 1);
  CHECK(estimators::Pipeline::parse("topk:frac=1", *p).describe()[1]["k"] == 10);
}

TEST_CASE("bad estimator specs get one clear error naming the input", "[pipeline]") {
  const auto q = testing::small_quadratic(2, 0.0, 10);
  const auto l = testing::small_logistic(2);
  CHECK_THROWS_WITH(estimators::Pipeline::parse("randomk:k=2", *q),
                    Contains("unknown stage 'randomk'") && Contains("accepted: ") &&
                        Contains("minibatch") && Contains("topk"));
  CHECK_THROWS_WITH(estimators::Pipeline::parse("topk:kk=2", *q),
                    Contains("unknown key 'kk'") && Contains("accepted: k, frac"));
  CHECK_THROWS_WITH(estimators::Pipeline::parse("topk:k=11", *q),
                    Contains("[1, 10]") && Contains("got 11"));
  CHECK_THROWS_WITH(estimators::Pipeline::parse("topk:k=0", *q), Contains("got 0"));
  CHECK_THROWS_WITH(estimators::Pipeline::parse("topk:frac=1.5", *q), Contains("(0, 1]"));
  CHECK_THROWS_WITH(estimators::Pipeline::parse("topk:k=2,frac=0.5", *q), Contains("exactly one"));
  CHECK_THROWS_WITH(estimators::Pipeline::parse("topk", *q), Contains("exactly one"));
  CHECK_THROWS_WITH(estimators::Pipeline::parse("minibatch:b=4", *q), Contains("not a finite sum"));
  CHECK_THROWS_WITH(estimators::Pipeline::parse("minibatch", *l), Contains("needs b="));
  CHECK_THROWS_WITH(estimators::Pipeline::parse("minibatch:b=0", *l), Contains("b must be >= 1"));
  // Found by fuzz/spec_fuzz: b was cast to int (2^32 + 1 became 1) and allocated unchecked.
  CHECK_THROWS_WITH(estimators::Pipeline::parse("minibatch:b=4294967297", *l),
                    Contains("b must be at most 100000000, got 4294967297"));
  CHECK_THROWS_WITH(estimators::Pipeline::parse("topk:k=2+minibatch:b=3", *l),
                    Contains("must come first"));
  CHECK_THROWS_WITH(estimators::Pipeline::parse("exact:b=3", *l), Contains("unknown key 'b'"));
}

TEST_CASE("minibatch is unbiased and its variance scales as 1/b", "[pipeline][minibatch]") {
  const auto p = testing::small_logistic(3, 0.01, 300, 5);
  const VectorXd x = VectorXd::LinSpaced(5, -0.5, 0.5);
  VectorXd grad(5);
  p->worker_value_gradient(2, x, grad);
  auto moments = [&](const std::string& spec) {
    auto pipeline = estimators::Pipeline::parse(spec, *p);
    const int samples = 4000;
    VectorXd sum = VectorXd::Zero(5);
    std::vector<VectorXd> draws;
    for (int s = 0; s < samples; ++s) {
      draws.push_back(run_once(pipeline, *p, 2, x, static_cast<std::uint64_t>(s)));
      sum += draws.back();
    }
    const VectorXd mean = sum / samples;
    double variance = 0;
    for (const auto& g : draws) variance += (g - mean).squaredNorm();
    return std::pair{mean, variance / (samples - 1)};
  };
  const auto [mean1, var1] = moments("minibatch:b=1");
  const auto [mean8, var8] = moments("minibatch:b=8");
  // Unbiased: the mean is within 4 standard errors of the gradient (a fixed seed, so this is
  // deterministic; a biased sampler would sit many standard errors away).
  CHECK((mean1 - grad).squaredNorm() < 16 * var1 / 4000);
  CHECK((mean8 - grad).squaredNorm() < 16 * var8 / 4000);
  CHECK(var1 / var8 == Approx(8).epsilon(0.1));
}

TEST_CASE("copies of a pipeline are independent (one per worker)", "[pipeline]") {
  const auto p = testing::small_logistic(2);
  const auto prototype = estimators::Pipeline::parse("minibatch:b=2+topk:k=2", *p);
  auto a = prototype;
  auto b = prototype;
  const VectorXd x = VectorXd::Ones(p->dim());
  const VectorXd first = run_once(a, *p, 0, x, 42);
  run_once(b, *p, 1, x, 7);
  CHECK((run_once(a, *p, 0, x, 42) - first).norm() == 0);
  CHECK(b.text() == "minibatch:b=2+topk:k=2");
}

namespace {

// A user-written transform: C(v) = s·v. A δ-contraction with δ = 1 − (1 − s)², biased for s ≠ 1.
class Scale final : public estimators::Stage {
 public:
  explicit Scale(double s) : s_(s) {}
  bool is_source() const override { return false; }
  void apply(const estimators::Context&, estimators::Message& m) override { m.values *= s_; }
  std::unique_ptr<Stage> clone() const override { return std::make_unique<Scale>(*this); }
  core::Json describe() const override { return {{"stage", "scale"}, {"s", s_}}; }

 private:
  double s_;
};

}  // namespace

TEST_CASE("user-written stages join a pipeline with append", "[pipeline][extension]") {
  const auto p = testing::small_quadratic(2, 0.3, 10);
  auto g = estimators::Pipeline::parse("exact", *p);
  g.append(std::make_unique<Scale>(0.5));
  CHECK(g.text() == "exact+scale");
  CHECK(g.has_source());
  CHECK(g.uses_exact_gradient());
  const VectorXd x = VectorXd::LinSpaced(10, -1, 1);
  VectorXd grad(10);
  p->worker_value_gradient(0, x, grad);
  CHECK((run_once(g, *p, 0, x, 3) - 0.5 * grad).norm() == 0);
  // Copies are deep: a worker's copy runs on its own.
  auto copy = g;
  CHECK((run_once(copy, *p, 0, x, 3) - 0.5 * grad).norm() == 0);

  CHECK_THROWS_WITH(g.append(estimators::Pipeline::parse("exact", *p).stages()[0]->clone()),
                    Contains("a source stage may only come first"));
  CHECK_THROWS_WITH(g.append(nullptr), Contains("null"));
}

TEST_CASE("a compressor is a pipeline without a source", "[pipeline][extension]") {
  const auto p = testing::small_quadratic(2, 0.3, 10);
  estimators::Pipeline identity;
  CHECK_FALSE(identity.has_source());
  CHECK(identity.text() == "identity");
  auto parsed = estimators::Pipeline::parse_compressor("identity", *p);
  CHECK(parsed.stages().empty());

  // Built in code or parsed, the same compressor: input dense, output its compression.
  estimators::Pipeline built;
  built.append(std::make_unique<Scale>(2.0));
  auto topk = estimators::Pipeline::parse_compressor("topk:k=2", *p);
  CHECK(topk.text() == "topk:k=2");
  core::Rng rng(1);
  const VectorXd x = VectorXd::Zero(10);
  estimators::Message m;
  m.resize(10);
  m.values = VectorXd::LinSpaced(10, 1, 10);
  m.sparse = true;  // left over from an earlier message: a compressor starts from dense input
  built.run({*p, 0, x, rng, nullptr}, m);
  CHECK(m.values == 2 * VectorXd::LinSpaced(10, 1, 10));
  CHECK_FALSE(m.sparse);
  CHECK(m.bits == estimators::dense_bits(10));
  topk.run({*p, 0, x, rng, nullptr}, m);
  CHECK(m.sparse);
  CHECK(m.support == std::vector<int>{8, 9});
  CHECK(m.bits == estimators::sparse_bits(2, 10));
}

TEST_CASE("registered stages are named in specs and in the accepted names",
          "[pipeline][extension]") {
  const auto p = testing::small_quadratic(2, 0.3, 10);
  CHECK_THROWS_WITH(estimators::Pipeline::parse("scaletest:s=3", *p),
                    Contains("unknown stage 'scaletest'"));
  estimators::register_stage("scaletest", [](core::SpecReader& r, const problems::Problem&) {
    const double s = r.number("s", 1.0);
    r.finish();
    return std::unique_ptr<estimators::Stage>(std::make_unique<Scale>(s));
  });
  CHECK_THAT(estimators::accepted_stage_names(), Contains(", scaletest"));
  auto g = estimators::Pipeline::parse("scaletest:s=3", *p);
  REQUIRE(g.stages().size() == 2);  // exact, then the registered stage
  CHECK(g.stages()[1]->describe()["s"] == 3.0);
  CHECK_THROWS_WITH(estimators::Pipeline::parse("scaletest:t=3", *p), Contains("'t'"));
  CHECK(estimators::Pipeline::parse_compressor("scaletest:s=2", *p).stages().size() == 1);

  CHECK_THROWS_WITH(estimators::register_stage("scaletest", nullptr), Contains("no maker"));
  const estimators::StageMaker maker = [](core::SpecReader& r, const problems::Problem&) {
    r.finish();
    return std::unique_ptr<estimators::Stage>(std::make_unique<Scale>(1.0));
  };
  CHECK_THROWS_WITH(estimators::register_stage("scaletest", maker), Contains("already"));
  for (const char* bad : {"", "Top", "a-b", "ef", "identity"})
    CHECK_THROWS_WITH(estimators::register_stage(bad, maker), Contains("not a stage name"));
}

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <numeric>

#include "../problems/test_problems.hpp"
#include "../test_support.hpp"
#include "core/error.hpp"
#include "core/thread_pool.hpp"
#include "estimators/frontier.hpp"
#include "estimators/point_sampler.hpp"
#include "methods/in_process_communicator.hpp"
#include "methods/measure.hpp"
#include "methods/server_momentum.hpp"
#include "problems/factory.hpp"

using namespace biasbound;
using Eigen::VectorXd;

namespace {

// f(x) = sᵀx on every worker: its gradient s has equal magnitudes, top-k's worst case.
class ConstantGradient final : public problems::Problem {
 public:
  explicit ConstantGradient(int dim) : s_(dim) {
    for (int i = 0; i < dim; ++i) s_[i] = i % 2 ? 1.5 : -1.5;
  }
  std::string name() const override { return "constant-gradient"; }
  int dim() const override { return static_cast<int>(s_.size()); }
  int workers() const override { return 2; }
  double worker_value_gradient(int, problems::ConstVectorRef x,
                               problems::VectorRef grad) const override {
    grad = s_;
    return s_.dot(x);
  }
  double worker_value(int, problems::ConstVectorRef x) const override { return s_.dot(x); }
  problems::AnalyticConstants constants() const override { return {}; }
  core::Json describe() const override { return {{"name", name()}}; }

 private:
  VectorXd s_;
};

methods::MeasureConfig config(std::string problem, std::string estimator, int workers) {
  methods::MeasureConfig c;
  c.problem = std::move(problem);
  c.estimator = std::move(estimator);
  c.workers = workers;
  c.points = 9;
  c.samples = 40;
  c.probe_iters = 30;
  c.progress = false;
  return c;
}

std::vector<estimators::PointMeasurement> sample_points(const problems::Problem& p,
                                                        const std::string& estimator, int samples,
                                                        int threads = 2) {
  // The tests check both limits at all 6 points: 12 one-sided limits, 99% family-wise.
  const double level = estimators::simultaneous_level(0.99, 12);
  core::ThreadPool pool(threads);
  estimators::PointSampler sampler(p, estimators::Pipeline::parse(estimator, p),
                                   {samples, level, 5}, pool);
  std::vector<estimators::PointMeasurement> out;
  for (int j = 0; j < 6; ++j)
    out.push_back(sampler.measure(VectorXd::LinSpaced(p.dim(), -1.0 + 0.3 * j, 0.5), j));
  return out;
}

}  // namespace

TEST_CASE("top-k's measured m stays below 1 - k/d and reaches it on the worst case",
          "[measure][topk]") {
  for (const char* problem : {"quadratic:d=12,L=1,mu=0.05", "logistic:data=synthetic,n=120,d=12"}) {
    const auto outcome = methods::measure(config(problem, "topk:k=3", 1));
    const double m_only = outcome.record["bias"]["m_only"];
    CHECK(m_only <= 1 - 3.0 / 12 + 1e-12);
    CHECK(m_only > 0.1);  // the compressor is biased: the measurement sees it
  }
  const ConstantGradient worst(12);
  for (const auto& point : sample_points(worst, "topk:k=3", 8)) {
    CHECK(point.stats.b.value == Approx((1 - 3.0 / 12) * point.stats.a).epsilon(1e-12));
    CHECK(point.stats.v.value == Approx(0).margin(1e-20));
  }
}

TEST_CASE("minibatch measures zero bias within its interval; top-k on top of it does not",
          "[measure][minibatch]") {
  const auto p = testing::small_logistic(3, 0.01, 300, 6);
  for (const auto& point : sample_points(*p, "minibatch:b=4", 400)) {
    CHECK(point.stats.b.lower <= 0);
    CHECK(point.stats.b.upper >= 0);
  }
  int clearly_biased = 0;
  for (const auto& point : sample_points(*p, "minibatch:b=4+topk:k=1", 400))
    clearly_biased += point.stats.b.lower > 0;
  CHECK(clearly_biased >= 5);
}

TEST_CASE("minibatch variance scales as 1/b", "[measure][minibatch]") {
  const auto p = testing::small_logistic(2, 0.01, 400, 5);
  const auto b2 = sample_points(*p, "minibatch:b=2", 2000);
  const auto b8 = sample_points(*p, "minibatch:b=8", 2000);
  for (std::size_t j = 0; j < b2.size(); ++j)
    CHECK(b2[j].stats.v.value / b8[j].stats.v.value == Approx(4).epsilon(0.15));
}

TEST_CASE("measurements do not depend on the thread count", "[measure]") {
  const auto p = testing::small_logistic(4, 0.01, 200, 5);
  const auto one = sample_points(*p, "minibatch:b=3+topk:k=2", 60, 1);
  const auto two = sample_points(*p, "minibatch:b=3+topk:k=2", 60, 2);
  for (std::size_t j = 0; j < one.size(); ++j) {
    CHECK(one[j].stats.b.value == two[j].stats.b.value);
    CHECK(one[j].stats.v.upper == two[j].stats.v.upper);
  }
}

TEST_CASE("delay's message at step k is the gradient at x_{k - tau}", "[measure][delay]") {
  const auto p = testing::small_quadratic(3, 0.5, 6);
  core::ThreadPool pool(2);
  methods::InProcessCommunicator communicator(3, 6, pool);
  methods::ServerMomentum method(*p, estimators::Pipeline::parse("exact+delay:tau=3", *p),
                                 {0.2, 1.0, methods::MomentumInit::kZero}, communicator);
  std::vector<VectorXd> gradients;
  for (int k = 0; k < 12; ++k) {
    method.step();
    gradients.push_back(method.gradient());
    const VectorXd& stale = gradients[static_cast<std::size_t>(std::max(0, k - 3))];
    CHECK((method.g() - stale).norm() <= 1e-15 * (1 + stale.norm()));
  }
}

TEST_CASE("stateful estimators are measured along runs", "[measure][ef]") {
  auto c = config("quadratic:d=8,L=1,mu=0.1,hetero=0.3", "ef+topk:k=2", 2);
  c.points = 5;
  c.samples = 8;
  c.probe_iters = 20;
  const auto outcome = methods::measure(c);
  CHECK(outcome.record["mode"] == "along-runs");
  CHECK(outcome.record["hetero"]["theta2"].get<double>() > 0);  // measured at each fork
  REQUIRE(outcome.points.size() == 5);
  // Deterministic given the memory: the bias at step k is ‖g_k − ∇f(x_k)‖² exactly.
  const auto problem = problems::make_problem(c.problem, 2);
  core::ThreadPool pool(1);
  methods::InProcessCommunicator communicator(2, 8, pool);
  methods::ServerMomentum method(*problem, estimators::Pipeline::parse("ef+topk:k=2", *problem),
                                 {1.0, 1.0, methods::MomentumInit::kZero}, communicator);
  std::size_t next = 0;
  for (long long k = 0; k <= 20 && next < outcome.points.size(); ++k) {
    method.step();
    const auto& point = outcome.points[next];
    if (point.iteration != k) continue;
    CHECK(point.measurement.stats.b.value ==
          Approx((method.g() - method.gradient()).squaredNorm()).epsilon(1e-9));
    CHECK(point.measurement.stats.a == Approx(method.gradient().squaredNorm()).epsilon(1e-12));
    CHECK(point.measurement.stats.v.value == Approx(0).margin(1e-20));
    ++next;
  }
  CHECK(next == outcome.points.size());
}

TEST_CASE("measure writes measure.json and pairs.csv", "[measure]") {
  const testing::TempDir dir;
  auto c = config("logistic:data=synthetic,n=100,d=5", "minibatch:b=4+topk:k=2", 2);
  c.out = dir / "m";
  const auto outcome = methods::measure(c);
  std::ifstream json_file(dir / "m" / "measure.json");
  const auto json = nlohmann::json::parse(json_file);
  for (const char* key :
       {"bias", "variance", "hetero", "analytic", "points", "samples", "confidence", "note"})
    CHECK(json.contains(key));
  CHECK(json["points"] == 9);
  CHECK(json["bias"]["frontier"].size() >= 1);
  CHECK(json["bias"]["frontier"][0].contains("zeta2"));
  CHECK(json["variance"]["frontier"][0].contains("sigma2"));
  CHECK(json["probes"]["trajectory"] == 3);
  // One-sided limits; each frontier simultaneous over the 9 points (Bonferroni).
  CHECK(json["coverage"] == "one-sided, 99% simultaneous over 9 points (Bonferroni)");
  CHECK(json["per_point_level"]["b"] == Approx(1 - 0.01 / 9).epsilon(1e-15));
  CHECK(json["per_point_level"]["c"] == Approx(1 - 0.01 / 18).epsilon(1e-15));
  CHECK(json["per_point_level"]["v"] == Approx(1 - 0.01 / 18).epsilon(1e-15));
  for (const auto& point : outcome.points) {
    CHECK(point.measurement.stats.b.level == json["per_point_level"]["b"].get<double>());
    CHECK(point.measurement.stats.c.level == json["per_point_level"]["c"].get<double>());
  }
  std::ifstream pairs(dir / "m" / "pairs.csv");
  std::string header;
  std::getline(pairs, header);
  CHECK(header ==
        "probe,iteration,a,b,b_lower,b_upper,c,c_lower,c_upper,v,v_lower,v_upper,"
        "hetero,samples");
  int rows = 0;
  for (std::string line; std::getline(pairs, line);) ++rows;
  CHECK(rows == 9);
}

TEST_CASE("measure rejects impossible settings, naming them", "[measure]") {
  auto c = config("quadratic:d=4", "topk:k=1", 1);
  c.samples = 2;
  CHECK_THROWS_WITH(methods::measure(c), Catch::Matchers::Contains("MeasureConfig.samples = 2"));
  try {
    methods::measure(c);
    FAIL("MeasureConfig.samples = 2 was accepted");
  } catch (const core::InputError& e) {
    CHECK(e.field() == "MeasureConfig.samples");
  }
  c = config("quadratic:d=4", "topk:k=1", 1);
  c.confidence = 1.5;
  CHECK_THROWS_WITH(methods::measure(c),
                    Catch::Matchers::Contains("MeasureConfig.confidence = 1.5"));
  CHECK_THROWS_WITH(methods::parse_probes("trajectory,moon"), Catch::Matchers::Contains("moon"));
  CHECK(methods::parse_probes("ball,near-opt").size() == 2);
}

TEST_CASE("unbiased compressors measure zero bias within the interval at every point",
          "[measure][zoo]") {
  const auto p = testing::small_quadratic(3, 0.5, 8);
  for (const char* estimator : {"randk:k=2,scaled=true", "qsgd:s=2", "ternary"}) {
    INFO(estimator);
    for (const auto& point : sample_points(*p, estimator, 400)) {
      CHECK(point.stats.b.lower <= 0);
      CHECK(point.stats.b.upper >= 0);
    }
  }
}

TEST_CASE("unscaled rand-k's bias is (1 - k/d)^2 |grad f|^2 within the interval",
          "[measure][zoo]") {
  // E C(v) = (k/d) v on every worker, so the aggregated bias is exactly (k/d − 1)∇f.
  const auto p = testing::small_quadratic(3, 0.5, 8);
  const double m = (1 - 2.0 / 8) * (1 - 2.0 / 8);
  for (const auto& point : sample_points(*p, "randk:k=2", 1000)) {
    CHECK(point.stats.b.lower <= m * point.stats.a);
    CHECK(point.stats.b.upper >= m * point.stats.a);
  }
}

TEST_CASE("clipping above the largest gradient norm is unbiased; below it is not",
          "[measure][zoo]") {
  const auto p = testing::small_quadratic(2, 0.0, 6);
  for (const auto& point : sample_points(*p, "clip:tau=1e6", 8))
    CHECK(point.stats.b.value == Approx(0).margin(1e-25));
  for (const auto& point : sample_points(*p, "clip:tau=0.01", 8)) CHECK(point.stats.b.lower > 0);
}

TEST_CASE("measured compressor variance stays below the analytic (alpha - 1) |v|^2",
          "[measure][zoo]") {
  // Exact input: E g = ∇f, and E‖C(v) − v‖² = E‖C(v)‖² − ‖v‖² ≤ (α − 1)‖v‖², so the variance
  // is at most (α − 1) a at every point (with equality for scaled rand-k).
  const auto p = testing::small_quadratic(1, 0.0, 9);
  const double d = 9;
  const std::pair<const char*, double> compressors[] = {
      {"randk:k=3,scaled=true", d / 3},
      {"qsgd:s=2", 1 + std::min(d / 4, std::sqrt(d) / 2)},
      {"ternary", (1 + std::sqrt(d)) / 2}};
  for (const auto& [estimator, alpha] : compressors) {
    INFO(estimator);
    for (const auto& point : sample_points(*p, estimator, 1000))
      CHECK(point.stats.v.lower <= (alpha - 1) * point.stats.a);
  }
}

TEST_CASE("maml's measured bias shrinks as the inner batch grows", "[measure][maml]") {
  const auto p = problems::make_problem("meta-linreg:tasks=8,d=4,examples=30,alpha=0.2", 2);
  const auto small = sample_points(*p, "maml:b_in=2", 2000);
  const auto large = sample_points(*p, "maml:b_in=16", 2000);
  int shrank = 0;
  for (std::size_t j = 0; j < small.size(); ++j) {
    CHECK(small[j].stats.b.lower > 0);  // biased: the interval excludes zero
    shrank += large[j].stats.b.upper < small[j].stats.b.lower;
  }
  CHECK(shrank == static_cast<int>(small.size()));
}

TEST_CASE("the variance frontier takes the lower limit of |E g|^2 as its abscissa",
          "[measure][frontier]") {
  // Two points: (c ∈ [1, 3], v ≤ 0.5) and (c ∈ [4, 6], v ≤ 1). Conservative in M: the line
  // must pass above (1, 0.5) and (4, 1), so M_only = max(0.5/1, 1/4) = 0.5; at the point
  // estimates of c (2 and 5) it would be max(0.5/2, 1/5) = 0.25. The bias side uses the upper
  // limit of b; the `_estimate` extremes use point estimates throughout (v = 0.25, 0.5).
  auto point = [](double c_lower, double c_value, double v_upper, double a, double b_upper) {
    methods::MeasuredPoint p{methods::Probe::kBall, 0, {}};
    auto& s = p.measurement.stats;
    s.a = a;
    s.b = {0.5 * b_upper, 0, b_upper, 0.99};
    s.c = {c_value, c_lower, 2 * c_value - c_lower, 0.99};
    s.v = {0.5 * v_upper, 0, v_upper, 0.99};
    return p;
  };
  const auto json = methods::summarize({point(1, 2, 0.5, 2, 1), point(4, 5, 1, 4, 1)});
  CHECK(json["variance"]["M_only"] == Approx(0.5));
  CHECK(json["variance"]["M_only_estimate"] == Approx(0.125));
  CHECK(json["variance"]["sigma2_only"] == Approx(1));
  // Frontier vertices: (0, 1), and the hull edge (1, 0.5) → (4, 1): slope 1/6, intercept 1/3.
  REQUIRE(json["variance"]["frontier"].size() == 3);
  CHECK(json["variance"]["frontier"][1]["M"] == Approx(1.0 / 6));
  CHECK(json["variance"]["frontier"][1]["sigma2"] == Approx(1.0 / 3));
  CHECK(json["bias"]["m_only"] == Approx(0.5));
}

TEST_CASE("delay measured conditionally: the bias at step k is |grad f(x_{k-tau}) - grad f(x_k)|^2",
          "[measure][delay]") {
  // exact + delay:tau=3 on a quadratic is delayed gradient descent,
  //   x_{k+1} = x_k − γ ∇f(x_{max(0, k − 3)}),
  // and given the state (the ring of past gradients) the message is ∇f(x_{k−3}) exactly:
  // conditional bias ‖∇f(x_{k−3}) − ∇f(x_k)‖², conditional variance 0.
  auto c = config("quadratic:d=6,L=1,mu=0.1,hetero=0.3", "exact+delay:tau=3", 2);
  c.gamma = 0.2;
  c.points = 7;
  c.probe_iters = 24;
  const auto outcome = methods::measure(c);
  CHECK(outcome.record["mode"] == "along-runs");
  const auto problem = problems::make_problem(c.problem, 2);
  std::vector<VectorXd> xs = {problem->initial_point()}, grads;
  for (long long k = 0; k <= c.probe_iters; ++k) {
    VectorXd g(6);
    problems::value_gradient(*problem, xs.back(), g);
    grads.push_back(g);
    xs.push_back(xs.back() - c.gamma * grads[static_cast<std::size_t>(std::max(0LL, k - 3))]);
  }
  REQUIRE(outcome.points.size() == 7);
  int compared = 0;
  for (const auto& point : outcome.points) {
    const auto k = static_cast<std::size_t>(point.iteration);
    const auto& st = point.measurement.stats;
    const double bias = (grads[k >= 3 ? k - 3 : 0] - grads[k]).squaredNorm();
    CHECK(st.a == Approx(grads[k].squaredNorm()).epsilon(1e-12));
    CHECK(st.b.value == Approx(bias).epsilon(1e-9).margin(1e-24));
    CHECK(st.b.upper - st.b.lower <= 1e-12 * (1 + bias));
    CHECK(st.v.value == Approx(0).margin(1e-24));
    compared += k >= 4 && bias > 1e-6;
  }
  CHECK(compared >= 5);  // the delay is really biased on this run, not a zero test
}

TEST_CASE("reshuffle measured conditionally shows the bias the seed average hides",
          "[measure][reshuffle]") {
  // 24 examples on one worker, b = 4: 6 batches per epoch. Within an epoch the next batch is
  // fixed by the permutation: conditional bias ‖batch mean − ∇f(x_k)‖² (the message the run
  // actually sends, against ∇f(x_k)), conditional variance 0. Averaged over seeds, the batch
  // at step k is uniform and ‖mean over seeds of (g_k − ∇f(x_k))‖² is about 0: the old
  // marginal estimate.
  auto c = config("logistic:data=synthetic,n=24,d=4", "reshuffle:b=4", 1);
  c.points = 10;
  c.samples = 40;
  c.probe_iters = 28;
  const auto outcome = methods::measure(c);
  const auto problem = problems::make_problem(c.problem, 1);
  REQUIRE(problem->worker_examples(0) == 24);
  const double gamma = outcome.record["config"]["gamma"];
  core::ThreadPool pool(1);
  methods::InProcessCommunicator communicator(1, 4, pool);
  const auto pipeline = estimators::Pipeline::parse(c.estimator, *problem);
  methods::ServerMomentum method(*problem, pipeline, {gamma, 1.0, methods::MomentumInit::kZero},
                                 communicator);

  // The run itself (seed c.seed): within an epoch, the measured bias is the sent message's.
  method.reset(c.seed);
  std::size_t next = 0;
  double conditional = 0;
  int within = 0;
  for (long long k = 0; next < outcome.points.size(); ++k) {
    method.step();
    const auto& point = outcome.points[next];
    if (point.iteration != k) continue;
    ++next;
    const auto& st = point.measurement.stats;
    if (k % 6 == 0) continue;  // a fresh permutation: unbiased given the state
    CHECK(st.b.value == Approx((method.g() - method.gradient()).squaredNorm()).epsilon(1e-9));
    CHECK(st.v.value == Approx(0).margin(1e-20));
    conditional += st.b.value;
    ++within;
  }
  REQUIRE(within >= 6);
  conditional /= within;

  // The old marginal estimate at the same steps: over 200 seeds, the debiased squared norm of
  // the mean of g_k − ∇f(x_k) (jackknife over 20 batches of seeds).
  double marginal = 0;
  for (const auto& point : outcome.points) {
    if (point.iteration % 6 == 0) continue;
    estimators::DrawAccumulator seeds(VectorXd::Zero(4), 20);
    for (int r = 0; r < 200; ++r) {
      method.reset(1000 + static_cast<std::uint64_t>(r));
      for (long long k = 0; k <= point.iteration; ++k) method.step();
      seeds.add(r % 20, method.g() - method.gradient());
    }
    marginal += seeds.summarize(0.99).b.upper / within;
  }
  INFO("conditional " << conditional << ", marginal upper limit " << marginal);
  CHECK(marginal < 0.2 * conditional);
}

TEST_CASE("measuring objects gives what measuring their specs gives, as a typed summary",
          "[measure][library]") {
  const auto from_specs = methods::measure(config("quadratic:d=6,L=1,mu=0.2", "randk:k=2", 3));
  const auto problem = problems::make_problem("quadratic:d=6,L=1,mu=0.2", 3);
  auto c = config("", "", 0);  // taken from the objects
  const auto from_objects =
      methods::measure(*problem, estimators::Pipeline::parse("randk:k=2", *problem), c);
  CHECK(from_objects.record.at("bias") == from_specs.record.at("bias"));
  CHECK(from_objects.record.at("variance") == from_specs.record.at("variance"));
  CHECK(from_objects.record.at("config").at("workers") == 3);
  CHECK(from_objects.record.at("config").at("estimator") == "randk:k=2");

  const auto& s = from_objects.summary;
  CHECK(s.points == 9);
  CHECK(s.samples == 40);
  CHECK_FALSE(s.along_runs);
  REQUIRE(s.bias.slope_only);
  CHECK(*s.bias.slope_only == from_specs.record.at("bias").at("m_only").get<double>());
  CHECK(s.to_json().at("variance") == from_specs.record.at("variance"));
  CHECK_THAT(s.brief_report(), Catch::Contains("over 9 points"));

  // A compressor alone has no gradient to measure.
  CHECK_THROWS_WITH(methods::measure(*problem, estimators::Pipeline(), c),
                    Catch::Contains("no source stage"));
}

TEST_CASE("near-opt probes surround the given x*, else the problem's, and say which",
          "[measure][library]") {
  const auto problem = problems::make_problem("quadratic:d=6,L=1,mu=0.2", 2);
  const auto exact = estimators::Pipeline::parse("exact", *problem);
  auto c = config("", "", 0);
  c.probes = {methods::Probe::kNearOpt};
  c.points = 1;  // the first near-opt point is x* itself

  const auto analytic = methods::measure(*problem, exact, c);
  CHECK(analytic.record.at("x_star") == "analytic");
  CHECK(analytic.points.at(0).measurement.stats.a < 1e-20);  // ‖∇f(x*)‖² = 0

  VectorXd elsewhere = *problem->constants().x_star;
  elsewhere[0] += 1;
  c.x_star = elsewhere;
  const auto given = methods::measure(*problem, exact, c);
  CHECK(given.record.at("x_star") == "given (MeasureConfig.x_star)");
  VectorXd grad(6);
  problems::value_gradient(*problem, elsewhere, grad);
  CHECK(given.points.at(0).measurement.stats.a == Approx(grad.squaredNorm()).epsilon(1e-12));

  // The ball probes' default radius is ‖x* − x₀‖ too; trajectory probes need no x*.
  c.probes = {methods::Probe::kTrajectory};
  CHECK(methods::measure(*problem, exact, c).record.at("x_star") == "not used");
  c.probes = {methods::Probe::kNearOpt};
  const auto logistic = testing::small_logistic(2);
  c.x_star.reset();
  c.gamma = 0.5;
  CHECK_THAT(methods::measure(*logistic, estimators::Pipeline::parse("exact", *logistic), c)
                 .record.at("x_star")
                 .get<std::string>(),
             Catch::Contains("exact gradient steps from x0"));

  c.x_star = VectorXd::Zero(5);
  CHECK_THAT(testing::error_of([&] { methods::measure(*problem, exact, c); }),
             Catch::Contains("MeasureConfig.x_star"));
  c.x_star = VectorXd::Constant(6, std::nan(""));
  CHECK_THAT(testing::error_of([&] { methods::measure(*problem, exact, c); }),
             Catch::Contains("MeasureConfig.x_star"));
}

TEST_CASE("a deterministic estimator is drawn twice per point and its limits are exact",
          "[measure][deterministic]") {
  const auto p = testing::small_logistic(3, 0.01, 120, 6);
  const auto pipeline = estimators::Pipeline::parse("topk:k=2", *p);
  REQUIRE(pipeline.deterministic());
  for (const auto& point : sample_points(*p, "topk:k=2", 200)) {
    CHECK(point.stats.samples == 2);
    CHECK(point.stats.v.value == 0);
    CHECK(point.stats.b.lower == point.stats.b.value);
    CHECK(point.stats.b.upper == point.stats.b.value);
  }
  // b is ‖(1/n) Σ C(∇f_i) − ∇f‖² exactly, at a point computed by hand.
  const VectorXd x = VectorXd::LinSpaced(p->dim(), -1.0, 0.5);
  VectorXd mean = VectorXd::Zero(p->dim()), gradient = VectorXd::Zero(p->dim()), g(p->dim());
  for (int w = 0; w < p->workers(); ++w) {
    p->worker_value_gradient(w, x, g);
    gradient += g / p->workers();
    std::vector<int> order(static_cast<std::size_t>(p->dim()));
    std::iota(order.begin(), order.end(), 0);
    std::partial_sort(order.begin(), order.begin() + 2, order.end(),
                      [&](int a, int b) { return std::abs(g[a]) > std::abs(g[b]); });
    for (int k = 0; k < 2; ++k) mean[order[k]] += g[order[k]] / p->workers();
  }
  const auto first = sample_points(*p, "topk:k=2", 200).front();
  CHECK(first.stats.b.value == Approx((mean - gradient).squaredNorm()).epsilon(1e-12));

  auto c = config("logistic:data=synthetic,n=120,d=6", "topk:k=2", 3);
  c.samples = 50;
  const auto record = methods::measure(c).record;
  CHECK(record.at("deterministic") == true);
  CHECK(record.at("samples") == 2);
  c.estimator = "minibatch:b=4+topk:k=2";
  const auto random = methods::measure(c).record;
  CHECK(random.at("deterministic") == false);
  CHECK(random.at("samples") == 50);
}

TEST_CASE("a stage that claims determinism but draws stops the measurement",
          "[measure][deterministic]") {
  const auto p = testing::small_logistic(2, 0.01, 60, 4);
  struct Noisy final : estimators::Stage {
    bool is_source() const override { return false; }
    bool deterministic() const override { return true; }
    void apply(const estimators::Context& c, estimators::Message& m) override {
      m.values[0] += static_cast<double>(c.rng() % 1000);
    }
    std::unique_ptr<Stage> clone() const override { return std::make_unique<Noisy>(*this); }
    core::Json describe() const override { return {{"stage", "noisy"}}; }
  };
  auto pipeline = estimators::Pipeline::parse("exact", *p);
  pipeline.append(std::make_unique<Noisy>());
  core::ThreadPool pool(1);
  estimators::PointSampler sampler(*p, pipeline, {20, 0.99, 1}, pool);
  CHECK_THROWS_WITH(sampler.measure(VectorXd::Zero(p->dim()), 0),
                    Catch::Matchers::Contains("deterministic() is wrong"));
}

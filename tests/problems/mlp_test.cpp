#include "problems/mlp.hpp"

#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "../test_support.hpp"
#include "problems/factory.hpp"
#include "problems/gradient_checker.hpp"
#include "problems/sharding.hpp"
#include "problems/synthetic.hpp"

using namespace biasbound;
using Catch::Matchers::Contains;
using problems::Vector;

namespace {

std::unique_ptr<problems::Problem> small(const std::string& keys, int workers = 3) {
  return problems::make_problem("mlp:data=synthetic,n=120,d=6,classes=4," + keys, workers);
}

// One example a = (1, 2) of class 1, two classes, no hidden layer: the logits are W a + b.
problems::Mlp one_example(problems::MlpPrecision precision) {
  problems::ClassDataset data;
  data.features.resize(1, 2);
  data.features << 1, 2;
  data.labels = {1};
  data.classes = 2;
  data.source = "one example";
  return problems::Mlp(data, std::nullopt, {{0}}, {.precision = precision}, {});
}

}  // namespace

TEST_CASE("mlp stores each layer as PyTorch does: weight out x in row-major, then bias", "[mlp]") {
  const auto f = one_example(problems::MlpPrecision::kFloat64);
  REQUIRE(f.dim() == 6);
  Vector x(6);
  x << 1, 2, 3, 4, 0.5, -0.5;  // W = [[1, 2], [3, 4]], b = (0.5, −0.5)
  // Logits (1 + 4 + 0.5, 3 + 8 − 0.5) = (5.5, 10.5); the loss of class 1 is log(1 + e^−5).
  Vector grad(6);
  const double loss = f.worker_value_gradient(0, x, grad);
  CHECK(loss == Approx(std::log1p(std::exp(-5.0))).epsilon(1e-14));
  // ∂loss/∂logits = softmax − e₁ = (p, −p) with p = 1/(1 + e⁵); ∂/∂W = that ⊗ a.
  const double p = 1 / (1 + std::exp(5.0));
  Vector expected(6);
  expected << p, 2 * p, -p, -2 * p, p, -p;
  CHECK((grad - expected).norm() < 1e-15);
}

TEST_CASE("mlp gradients agree with central differences in float64", "[mlp][gradient]") {
  for (const auto* keys :
       {"hidden=5/4,lambda=0.01,precision=float64", "hidden=none,precision=float64",
        "hidden=7,shard=iid,precision=float64"}) {
    INFO(keys);
    const auto f = small(keys);
    Vector x = f->seeded_initial_point(5);
    const auto result = problems::check_gradients(*f, x);
    INFO(result.brief_report());
    CHECK(result.ok);
    CHECK(result.max_relative_error < 1e-7);
  }
}

TEST_CASE("mlp float32 and float64 passes agree to float32 accuracy", "[mlp]") {
  const auto f32 = small("hidden=16/8,lambda=1e-3");
  const auto f64 = small("hidden=16/8,lambda=1e-3,precision=float64");
  REQUIRE(f32->dim() == f64->dim());
  for (std::uint64_t seed : {1, 2, 3}) {
    const Vector x = f32->seeded_initial_point(seed);
    for (int w = 0; w < f32->workers(); ++w) {
      Vector g32(f32->dim()), g64(f64->dim());
      const double v32 = f32->worker_value_gradient(w, x, g32);
      const double v64 = f64->worker_value_gradient(w, x, g64);
      CHECK(v32 == Approx(v64).epsilon(1e-6));
      CHECK((g32 - g64).norm() <= 1e-5 * g64.norm());
      CHECK(v32 != v64);  // the two precisions really are two code paths
    }
  }
}

TEST_CASE(
    "without hidden layers, f(0) = log C and the bias gradient is 1/C minus the class "
    "frequencies",
    "[mlp][closed-form]") {
  const auto f = small("hidden=none,precision=float64", 1);
  REQUIRE(f->dim() == (6 + 1) * 4);
  CHECK_FALSE(f->constants().nonconvex);  // multinomial logistic regression
  CHECK(small("hidden=3")->constants().nonconvex);
  Vector grad(f->dim());
  const Vector zero = Vector::Zero(f->dim());
  CHECK(problems::value_gradient(*f, zero, grad) == Approx(std::log(4.0)).epsilon(1e-14));
  // The same data, to count the classes.
  const auto data = problems::make_synthetic_classes({.examples = 120, .dim = 6, .classes = 4}, 0);
  for (int c = 0; c < 4; ++c) {
    const double frequency =
        double(std::count(data.train.labels.begin(), data.train.labels.end(), c)) / 120;
    CHECK(grad[6 * 4 + c] == Approx(0.25 - frequency).margin(1e-15));
  }
}

TEST_CASE("the seeded initial point is PyTorch's nn.Linear default", "[mlp][init]") {
  const auto f =
      problems::make_problem("mlp:data=synthetic,n=40,d=50,classes=3,hidden=100,n_test=0", 1);
  REQUIRE(f->dim() == 51 * 100 + 101 * 3);
  const Vector x = f->seeded_initial_point(7);
  CHECK(x == f->seeded_initial_point(7));
  CHECK(x != f->seeded_initial_point(8));
  CHECK(f->initial_point() == f->seeded_initial_point(1));
  // Layer 1 (5,100 values, fan_in 50) then layer 2 (303 values, fan_in 100): U(±1/√fan_in),
  // whose mean is 0 and variance bound²/3.
  const auto check_layer = [&](Eigen::Index begin, Eigen::Index size, double fan_in) {
    const auto part = x.segment(begin, size);
    const double bound = 1 / std::sqrt(fan_in);
    double largest = 0;  // not maxCoeff(): GCC 12 warns inside its AVX-512 reduction
    for (double v : part) largest = std::max(largest, std::abs(v));
    CHECK(largest <= bound);
    CHECK(largest > 0.99 * bound);
    const double mean = part.mean();
    const double variance = (part.array() - mean).square().sum() / double(size - 1);
    const double se_mean = bound / std::sqrt(3.0 * double(size));
    CHECK(std::abs(mean) < 4 * se_mean);
    CHECK(variance == Approx(bound * bound / 3).epsilon(0.1));
  };
  check_layer(0, 5100, 50);
  check_layer(5100, 303, 100);
}

TEST_CASE("mlp metrics: the mean training loss is f without regulariser; accuracies in [0, 1]",
          "[mlp]") {
  const auto f = small("hidden=16", 2);
  const Vector x0 = f->initial_point();
  const auto m0 = f->classification_metrics(x0);
  REQUIRE(m0);
  REQUIRE(m0->test_accuracy);
  CHECK(*m0->test_accuracy >= 0);
  CHECK(*m0->test_accuracy <= 1);
  CHECK(m0->train_accuracy >= 0);
  CHECK(m0->train_accuracy <= 1);
  CHECK(m0->train_loss == Approx(problems::value(*f, x0)).epsilon(1e-6));
}

TEST_CASE("mlp on Fashion-MNIST: the chosen classes, the first images, 784 inputs", "[mlp][data]") {
  const auto f =
      problems::make_problem("mlp:classes=0/6/9,examples=300,test_examples=100,hidden=4", 3);
  const auto& mlp = dynamic_cast<const problems::Mlp&>(*f);
  CHECK(mlp.layers() == std::vector<int>{784, 4, 3});
  const auto d = f->describe();
  CHECK(d.at("train_examples") == 300);
  CHECK(d.at("test_examples") == 100);
  CHECK(d.at("shard") == "contiguous");
  CHECK(f->worker_examples(0) == 100);
}

TEST_CASE("mlp specs with impossible values say which key is wrong", "[mlp][bad-input]") {
  const auto error = [](const std::string& spec) {
    return testing::error_of([&] { problems::make_problem(spec, 2); });
  };
  CHECK_THAT(error("mlp:data=synthetic,hidden=0"), Contains("key 'hidden'"));
  CHECK_THAT(error("mlp:data=synthetic,hidden=8/x"), Contains("key 'hidden'"));
  CHECK_THAT(error("mlp:classes=3"), Contains("key 'classes'"));
  CHECK_THAT(error("mlp:classes=0/11"), Contains("key 'classes'"));
  CHECK_THAT(error("mlp:data=synthetic,classes=1"), Contains("classes >= 2"));
  CHECK_THAT(error("mlp:data=synthetic,precision=half"), Contains("precision"));
  CHECK_THAT(error("mlp:data=synthetic,lambda=-1"), Contains("lambda"));
  CHECK_THAT(error("mlp:data=synthetic,width=3"), Contains("width"));
  CHECK_THAT(error("mlp:data=synthetic,n=1"), Contains("cannot be split over 2 workers"));
}

TEST_CASE("mlp states f >= 0 and its gradient's precision", "[mlp]") {
  for (const char* precision : {"float32", "float64"}) {
    const auto p = small("hidden=8,lambda=0.01,precision=" + std::string(precision));
    const auto c = p->constants();
    REQUIRE(c.f_lower);
    CHECK(*c.f_lower == 0);
    CHECK(c.nonconvex);
    CHECK(c.gradient_epsilon == (precision == std::string("float32")
                                     ? double(std::numeric_limits<float>::epsilon())
                                     : std::numeric_limits<double>::epsilon()));
    // Far from x0 too: cross-entropy and the ℓ2 term are never negative.
    for (std::uint64_t seed = 1; seed <= 5; ++seed)
      CHECK(problems::value(*p, 20.0 * p->seeded_initial_point(seed)) >= *c.f_lower);
  }
}

TEST_CASE("mlp on LIBSVM multi-class data: classes from the labels, gradients check out",
          "[mlp][data][libsvm]") {
  testing::TempDir dir;
  std::string train, test;
  for (int i = 0; i < 60; ++i)
    train += fmt::format("{} 1:{} 2:{} 4:{}\n", 10 * (i % 3 + 1), 0.1 * (i % 7), -0.05 * (i % 5),
                         i % 3 == 0 ? 1.0 : 0.0);
  for (int i = 0; i < 9; ++i) test += fmt::format("{} 1:{} 3:1\n", 10 * (i % 3 + 1), 0.2 * i);
  const auto spec =
      fmt::format("mlp:data=libsvm,path={},test={},hidden=6,precision=float64",
                  dir.write("train.svm", train).string(), dir.write("test.svm", test).string());
  const auto f = problems::make_problem(spec, 3);
  CHECK(f->dim() == (4 + 1) * 6 + (6 + 1) * 3);  // both files widened to 4 features, 3 classes
  CHECK(f->describe()["labels"] == std::vector<double>{10, 20, 30});
  const auto m = f->classification_metrics(f->initial_point());
  REQUIRE(m);
  CHECK(m->test_accuracy);
  const auto result = problems::check_gradients(*f, f->seeded_initial_point(2));
  INFO(result.brief_report());
  CHECK(result.ok);
  CHECK_THROWS_WITH(problems::make_problem("mlp:data=libsvm,hidden=4", 2),
                    Contains("data=libsvm needs path=FILE"));
}

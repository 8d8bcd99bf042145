// Data that cannot make a problem: labels without features, values whose arithmetic overflows,
// an empty class, impossible or unaffordable sizes. Each is one InputError naming the input.

#include <catch2/catch.hpp>
#include <cstdint>
#include <string>

#include "../test_support.hpp"
#include "core/error.hpp"
#include "idx_fixtures.hpp"
#include "problems/factory.hpp"
#include "problems/fashion_mnist.hpp"
#include "problems/libsvm_loader.hpp"
#include "problems/synthetic.hpp"

namespace biasbound::problems {
namespace {

using Catch::Contains;
using testing::TempDir;
using namespace biasbound::testing;

TEST_CASE("a LIBSVM file with labels and no features is an error naming the file",
          "[problems][bad-data]") {
  TempDir dir;
  const auto path = dir.write("labels.svm", "+1\n-1\n+1 # only a comment\n-1\n");
  const auto message = error_of([&] { read_libsvm(path); });
  CHECK_THAT(message, Contains(path.string()) && Contains("no features"));
  // Through the problem factory too: it never reaches L's eigensolver with a 0×0 matrix.
  CHECK_THAT(error_of([&] { make_problem("logistic:data=libsvm,path=" + path.string(), 2); }),
             Contains(path.string()) && Contains("no features"));
  // With dim= the columns exist (all zero): a legal, if useless, data set.
  CHECK(read_libsvm(path, 3).cols() == 3);
}

TEST_CASE("data whose values overflow f, its gradient or L is rejected naming the file",
          "[problems][bad-data]") {
  TempDir dir;
  const auto path =
      dir.write("huge.svm", "+1 1:1e308 2:1\n-1 1:1e308 2:2\n+1 1:1 2:1\n-1 1:2 2:1e308\n");
  const auto message =
      error_of([&] { make_problem("logistic:data=libsvm,path=" + path.string(), 2); });
  CHECK_THAT(message, Contains(path.string()) && Contains("too large") && Contains("1e+308"));
  // Large but harmless values still make a problem.
  const auto large = dir.write("large.svm", "+1 1:1e20\n-1 1:-1e20 2:3\n+1 2:1\n-1 1:2\n");
  CHECK(make_problem("logistic:data=libsvm,path=" + large.string(), 2)->dim() == 2);
}

TEST_CASE("a Fashion-MNIST class without examples is an error naming the labels and the class",
          "[problems][bad-data]") {
  TempDir dir;
  write_raw(dir / "train-images-idx3-ubyte", idx_bytes({3, 2, 2}, Bytes(12, 7)));
  write_raw(dir / "train-labels-idx1-ubyte", idx_bytes({3}, {0, 1, 0}));
  const auto labels = (dir / "train-labels-idx1-ubyte").string();
  CHECK_THAT(error_of([&] { load_fashion_mnist(dir.path(), "train", 0, 6); }),
             Contains(labels) && Contains("class 6"));
  CHECK_THAT(error_of([&] { load_fashion_mnist(dir.path(), "train", 2, 6); }),
             Contains(labels) && Contains("class 2"));
  CHECK(load_fashion_mnist(dir.path(), "train", 0, 1).rows() == 3);
}

TEST_CASE("synthetic n_test must be >= 0, and 0 gives no test set", "[problems][bad-data]") {
  CHECK_THAT(error_of([] { make_problem("logistic:data=synthetic,n=40,n_test=-1", 2); }),
             Contains("n_test") && Contains("-1"));
  const auto problem = make_problem("logistic:data=synthetic,n=40,d=3,n_test=0", 2);
  const auto metrics = problem->classification_metrics(problem->initial_point());
  REQUIRE(metrics);
  CHECK_FALSE(metrics->test_loss);
  CHECK_FALSE(metrics->test_accuracy);
  CHECK(problem->describe().at("test_examples") == 0);
}

TEST_CASE("sizes beyond int or beyond the memory are errors naming the input",
          "[problems][bad-data]") {
  CHECK_THAT(error_of([] { make_problem("logistic:data=synthetic,n=1e10", 2); }),
             Contains("key 'n' is out of range"));
  CHECK_THAT(error_of([] { make_problem("quadratic:seed=-1", 2); }),
             Contains("key 'seed' must be >= 0"));
  // 2·10⁹ rows of 10⁶ doubles: petabytes.
  SyntheticOptions o;
  o.examples = 2000000000;
  o.dim = 1000000;
  CHECK_THAT(error_of([&] { make_synthetic(o, 0); }), Contains("n=2000000000 d=1000000") &&
                                                          Contains("needs at least") &&
                                                          Contains("available"));
}

}  // namespace
}  // namespace biasbound::problems

#include "problems/libsvm_loader.hpp"

#include <stdlib.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <variant>

#include "../test_support.hpp"
#include "core/error.hpp"

namespace biasbound::problems {
namespace {

using Catch::Contains;
using testing::TempDir;

Eigen::MatrixXd dense(const Dataset& dataset) {
  REQUIRE(std::holds_alternative<SparseFeatures>(dataset.features));
  return Eigen::MatrixXd(std::get<SparseFeatures>(dataset.features));
}

// The message of the core::InputError that read_libsvm throws; fails if none is thrown.
std::string libsvm_error(const std::filesystem::path& path, std::optional<int> dim = std::nullopt) {
  try {
    read_libsvm(path, dim);
  } catch (const core::InputError& error) {
    return error.what();
  }
  FAIL("read_libsvm('" << path.string() << "') did not throw core::InputError");
  return {};
}

TEST_CASE("read_libsvm parses features and labels", "[problems][libsvm]") {
  TempDir dir;
  const auto path = dir.write("three.svm",
                              "+1 1:0.5 3:-2\n"
                              "-1 2:1.5\n"
                              "1 1:1 2:2e-1 3:3\n");
  const Dataset data = read_libsvm(path);
  Eigen::MatrixXd expected(3, 3);
  expected << 0.5, 0, -2,  //
      0, 1.5, 0,           //
      1, 0.2, 3;
  CHECK(dense(data) == expected);
  CHECK(data.labels == Eigen::Vector3d(1, -1, 1));
  CHECK(std::get<SparseFeatures>(data.features).nonZeros() == 6);
  CHECK_THAT(data.source, Contains(path.string()));
}

TEST_CASE("read_libsvm maps two label values to -1 and +1", "[problems][libsvm]") {
  TempDir dir;
  SECTION("{0, 1}") {
    const Dataset data = read_libsvm(dir.write("a.svm", "0 1:1\n1 1:2\n0 1:3\n"));
    CHECK(data.labels == Eigen::Vector3d(-1, 1, -1));
  }
  SECTION("any other pair: smaller is -1") {
    const Dataset data = read_libsvm(dir.write("a.svm", "7 1:1\n-3.5 1:2\n7 1:3\n"));
    CHECK(data.labels == Eigen::Vector3d(1, -1, 1));
  }
}

TEST_CASE("read_libsvm skips comments, blank lines, qid and zeros", "[problems][libsvm]") {
  TempDir dir;
  const auto path = dir.write("c.svm",
                              "# a header comment\n"
                              "\n"
                              "1 qid:3 2:4 # trailing comment\r\n"
                              "   \t \n"
                              "0 1:0 3:5\n");
  const Dataset data = read_libsvm(path);
  Eigen::MatrixXd expected(2, 3);
  expected << 0, 4, 0,  //
      0, 0, 5;
  CHECK(dense(data) == expected);
  CHECK(data.labels == Eigen::Vector2d(1, -1));
  CHECK(std::get<SparseFeatures>(data.features).nonZeros() == 2);
}

TEST_CASE("read_libsvm takes the number of features from dim", "[problems][libsvm]") {
  TempDir dir;
  const auto path = dir.write("d.svm", "1 2:1\n-1 4:1\n");
  CHECK(read_libsvm(path).cols() == 4);
  const Dataset wide = read_libsvm(path, 10);
  CHECK(wide.cols() == 10);
  CHECK(dense(wide)(1, 3) == 1.0);
  CHECK_THAT(libsvm_error(path, 3), Contains(path.string() + ":2:") && Contains("exceeds dim=3"));
  CHECK_THAT(libsvm_error(path, 0), Contains(path.string()) && Contains("dim=0"));
}

TEST_CASE("read_libsvm reports bad lines as path:line", "[problems][libsvm]") {
  TempDir dir;
  // The bad line is the fourth, after a comment and a blank line, to catch miscounted lines.
  const std::string before = "1 1:1\n# comment\n\n";
  const auto error_in = [&](const std::string& bad_line) {
    const auto path = dir.write("bad.svm", before + bad_line + "\n-1 1:2\n");
    return std::pair{libsvm_error(path), path.string() + ":4: "};
  };

  SECTION("label not a number") {
    const auto [message, where] = error_in("yes 1:1");
    CHECK_THAT(message, Contains(where) && Contains("label 'yes' is not a finite number"));
  }
  SECTION("label infinite") {
    const auto [message, where] = error_in("inf 1:1");
    CHECK_THAT(message, Contains(where) && Contains("label 'inf' is not a finite number"));
  }
  SECTION("token without a colon") {
    const auto [message, where] = error_in("1 1:1 7");
    CHECK_THAT(message, Contains(where) && Contains("expected index:value, found '7'"));
  }
  SECTION("index zero") {
    const auto [message, where] = error_in("1 0:1");
    CHECK_THAT(message, Contains(where) && Contains("index '0' is not a positive integer"));
  }
  SECTION("index not an integer") {
    const auto [message, where] = error_in("1 x:1");
    CHECK_THAT(message, Contains(where) && Contains("index 'x' is not a positive integer"));
  }
  SECTION("indices descending") {
    const auto [message, where] = error_in("1 3:1 2:1");
    CHECK_THAT(message, Contains(where) && Contains("index 2 follows index 3"));
  }
  SECTION("index repeated") {
    const auto [message, where] = error_in("1 3:1 3:1");
    CHECK_THAT(message, Contains(where) && Contains("index 3 follows index 3"));
  }
  SECTION("value NaN") {
    const auto [message, where] = error_in("1 2:nan");
    CHECK_THAT(message,
               Contains(where) && Contains("value 'nan' of index 2 is not a finite number"));
  }
  SECTION("value infinite") {
    const auto [message, where] = error_in("1 2:-inf");
    CHECK_THAT(message, Contains(where) && Contains("not a finite number"));
  }
  SECTION("value missing") {
    const auto [message, where] = error_in("1 2:");
    CHECK_THAT(message, Contains(where) && Contains("not a finite number"));
  }
}

TEST_CASE("read_libsvm rejects files that are not binary data sets", "[problems][libsvm]") {
  TempDir dir;
  SECTION("no examples") {
    const auto path = dir.write("empty.svm", "# only a comment\n\n");
    CHECK_THAT(libsvm_error(path), Contains(path.string()) && Contains("no examples"));
  }
  SECTION("one label value") {
    const auto path = dir.write("one.svm", "1 1:1\n1 1:2\n");
    CHECK_THAT(libsvm_error(path), Contains(path.string()) && Contains("1 distinct label"));
  }
  SECTION("three label values") {
    const auto path = dir.write("three.svm", "1 1:1\n2 1:2\n3 1:3\n");
    CHECK_THAT(libsvm_error(path), Contains(path.string()) && Contains("3 distinct label"));
  }
  SECTION("missing file") {
    const auto path = dir.path() / "absent.svm";
    CHECK_THAT(libsvm_error(path), Contains(path.string()) && Contains("No such file"));
  }
}

TEST_CASE("read_libsvm_classes maps labels to classes in ascending order, features dense",
          "[problems][libsvm][mlp]") {
  TempDir dir;
  const auto train = dir.write("train.svm",
                               "7 1:0.5 3:-2\n"
                               "-1 2:1\n"
                               "3 1:4 # comment\n"
                               "7 3:0.25\n");
  const auto read = read_libsvm_classes(train);
  CHECK(read.label_values == std::vector<double>{-1, 3, 7});
  CHECK(read.data.classes == 3);
  CHECK(read.data.labels == std::vector<int>{2, 0, 1, 2});
  REQUIRE(read.data.cols() == 3);
  Eigen::MatrixXf expected(4, 3);
  expected << 0.5f, 0, -2, 0, 1, 0, 4, 0, 0, 0, 0, 0.25f;
  CHECK(read.data.features == expected);
  CHECK(read_libsvm_classes(train, 5).data.cols() == 5);

  // A test file takes the training file's classes, even with fewer labels of its own.
  const auto test = dir.write("test.svm", "3 1:1\n7 2:2\n");
  const auto t = read_libsvm_classes(test, std::nullopt, read.label_values);
  CHECK(t.data.classes == 3);
  CHECK(t.data.labels == std::vector<int>{1, 2});

  const auto unknown = dir.write("unknown.svm", "3 1:1\n5 2:2\n");
  CHECK_THROWS_WITH(read_libsvm_classes(unknown, std::nullopt, read.label_values),
                    Contains("unknown.svm") && Contains("example 2 has label 5"));
  const auto one = dir.write("one.svm", "1 1:1\n1 2:2\n");
  CHECK_THROWS_WITH(read_libsvm_classes(one), Contains("one.svm") && Contains("need two or more"));
  const auto bad = dir.write("bad.svm", "1 1:1\n2 2:x\n");
  CHECK_THROWS_WITH(read_libsvm_classes(bad), Contains("bad.svm:2"));
}

}  // namespace
}  // namespace biasbound::problems

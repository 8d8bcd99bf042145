#include "problems/fashion_mnist.hpp"

#include <fmt/format.h>
#include <stdlib.h>
#include <zlib.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "../test_support.hpp"
#include "core/error.hpp"
#include "idx_fixtures.hpp"
#include "problems/idx_loader.hpp"

namespace biasbound::problems {
namespace {

using Catch::Contains;
using testing::TempDir;
using namespace biasbound::testing;

// The message of the core::InputError that load_fashion_mnist throws; fails if none is thrown.
std::string load_error(const std::filesystem::path& dir, std::string_view split, int negative,
                       int positive) {
  try {
    load_fashion_mnist(dir, split, negative, positive);
  } catch (const core::InputError& error) {
    return error.what();
  }
  FAIL("load_fashion_mnist did not throw core::InputError");
  return {};
}

const DenseFeatures& dense(const Dataset& dataset) {
  REQUIRE(std::holds_alternative<DenseFeatures>(dataset.features));
  return std::get<DenseFeatures>(dataset.features);
}

// Three 2×2 train images with the given labels; images gzip-compressed and labels raw, so that
// both file forms are covered.
void write_fake(const std::filesystem::path& dir, const Bytes& labels) {
  write_gz(dir / "train-images-idx3-ubyte.gz",
           idx_bytes({3, 2, 2}, {0, 51, 102, 255, 10, 20, 30, 40, 1, 2, 3, 4}));
  write_raw(dir / "train-labels-idx1-ubyte",
            idx_bytes({static_cast<std::uint32_t>(labels.size())}, labels));
}

TEST_CASE("load_fashion_mnist keeps two classes of a fake data set", "[problems][fashion]") {
  TempDir dir;
  write_fake(dir.path(), {0, 6, 3});
  const Dataset data = load_fashion_mnist(dir.path(), "train", 0, 6);
  const DenseFeatures& x = dense(data);
  REQUIRE(x.rows() == 2);
  REQUIRE(x.cols() == 4);
  CHECK(data.labels[0] == -1.0);
  CHECK(data.labels[1] == 1.0);
  CHECK(x(0, 0) == 0.0);
  CHECK(x(0, 1) == Approx(0.2));
  CHECK(x(0, 2) == Approx(0.4));
  CHECK(x(0, 3) == 1.0);
  CHECK(x(1, 0) == Approx(10 / 255.0));
  CHECK(x(1, 3) == Approx(40 / 255.0));
  CHECK(data.source == fmt::format("fashion-mnist train classes 0/6 ({})", dir.path().string()));

  SECTION("the positive class may be the smaller number") {
    const Dataset swapped = load_fashion_mnist(dir.path(), "train", 6, 0);
    CHECK(swapped.labels[0] == 1.0);
    CHECK(swapped.labels[1] == -1.0);
  }
}

TEST_CASE("load_fashion_mnist rejects inconsistent files", "[problems][fashion]") {
  TempDir dir;
  const auto labels = (dir.path() / "train-labels-idx1-ubyte").string();

  SECTION("a label above 9, reported by index") {
    write_fake(dir.path(), {0, 6, 12});
    CHECK_THAT(load_error(dir.path(), "train", 0, 6),
               Contains(labels) && Contains("label 2") && Contains("is 12"));
  }
  SECTION("fewer labels than images") {
    write_fake(dir.path(), {0, 6});
    CHECK_THAT(load_error(dir.path(), "train", 0, 6),
               Contains(labels) && Contains("2 labels: expected 3"));
  }
  SECTION("images that are not 3-D") {
    write_raw(dir.path() / "train-images-idx3-ubyte", idx_bytes({3, 4}, Bytes(12)));
    write_raw(dir.path() / "train-labels-idx1-ubyte", idx_bytes({3}, {0, 6, 3}));
    CHECK_THAT(load_error(dir.path(), "train", 0, 6),
               Contains("train-images-idx3-ubyte") && Contains("2 dimensions: expected 3"));
  }
  SECTION("labels that are not 1-D") {
    write_raw(dir.path() / "train-images-idx3-ubyte", idx_bytes({3, 1, 1}, Bytes(3)));
    write_raw(dir.path() / "train-labels-idx1-ubyte", idx_bytes({3, 1}, {0, 6, 3}));
    CHECK_THAT(load_error(dir.path(), "train", 0, 6),
               Contains(labels) && Contains("2 dimensions: expected 1"));
  }
}

TEST_CASE("load_fashion_mnist rejects bad arguments", "[problems][fashion]") {
  const std::filesystem::path dir = kFashionMnistDefaultDir;
  CHECK_THAT(load_error(dir, "train", 3, 3), Contains("must differ") && Contains("3 twice"));
  CHECK_THAT(load_error(dir, "train", 0, 10), Contains("class 10 is out of range"));
  CHECK_THAT(load_error(dir, "train", -1, 6), Contains("class -1 is out of range"));
  CHECK_THAT(load_error(dir, "test", 0, 6), Contains("split 'test'"));
}

TEST_CASE("load_fashion_mnist names the package when files are missing", "[problems][fashion]") {
  TempDir dir;
  const auto missing = dir.path() / "nowhere";
  CHECK_THAT(load_error(missing, "train", 0, 6),
             Contains((missing / "train-images-idx3-ubyte.gz").string()) &&
                 Contains("dataset-fashion-mnist") && Contains("dir="));
}

TEST_CASE("load_fashion_mnist reads the installed data set", "[problems][fashion]") {
  const std::filesystem::path dir = kFashionMnistDefaultDir;

  SECTION("train split, classes 0 and 6") {
    const Dataset data = load_fashion_mnist(dir, "train", 0, 6);
    const DenseFeatures& x = dense(data);
    REQUIRE(x.rows() == 12000);
    REQUIRE(x.cols() == 784);
    REQUIRE(data.labels.size() == 12000);
    CHECK((data.labels.array() == 1.0).count() == 6000);
    CHECK((data.labels.array() == -1.0).count() == 6000);
    CHECK(x.minCoeff() == 0.0);
    CHECK(x.maxCoeff() == 1.0);
    CHECK(x.row(0).sum() > 0.0);

    // The first kept row is the first image of class 0 or 6 in the file.
    const IdxArray images = read_idx(dir / "train-images-idx3-ubyte.gz");
    const IdxArray labels = read_idx(dir / "train-labels-idx1-ubyte.gz");
    std::size_t first = 0;
    while (labels.data[first] != 0 && labels.data[first] != 6) ++first;
    CHECK(data.labels[0] == (labels.data[first] == 6 ? 1.0 : -1.0));
    using ImageRow = Eigen::Map<const Eigen::Matrix<std::uint8_t, 1, 784>>;
    const Eigen::RowVectorXd expected = ImageRow(&images.data[first * 784]).cast<double>() / 255.0;
    CHECK((x.row(0) == expected));
  }
  SECTION("t10k split, classes 0 and 6") {
    const Dataset data = load_fashion_mnist(dir, "t10k", 0, 6);
    CHECK(data.rows() == 2000);
    CHECK(data.cols() == 784);
    CHECK((data.labels.array() == 1.0).count() == 1000);
  }
}

}  // namespace
}  // namespace biasbound::problems

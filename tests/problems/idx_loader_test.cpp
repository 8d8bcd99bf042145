#include "problems/idx_loader.hpp"

#include <stdlib.h>
#include <zlib.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "../test_support.hpp"
#include "core/error.hpp"
#include "idx_fixtures.hpp"

namespace biasbound::problems {
namespace {

using Catch::Contains;
using testing::TempDir;
using namespace biasbound::testing;

Bytes read_raw(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The message of the core::InputError that read_idx throws; fails the test if none is thrown.
std::string idx_error(const std::filesystem::path& path) {
  try {
    read_idx(path);
  } catch (const core::InputError& error) {
    return error.what();
  }
  FAIL("read_idx('" << path.string() << "') did not throw core::InputError");
  return {};
}

const Bytes kPixels = {0, 1, 2, 127, 128, 255, 9, 8, 7, 6, 5, 4};

TEST_CASE("read_idx reads a raw unsigned-byte array", "[problems][idx]") {
  TempDir dir;
  const auto path = dir / "array-idx3-ubyte";
  write_raw(path, concat(idx_header({3, 2, 2}), kPixels));
  const IdxArray array = read_idx(path);
  CHECK(array.dims == std::vector<int>{3, 2, 2});
  CHECK(array.data == kPixels);
}

TEST_CASE("read_idx reads a gzip-compressed array", "[problems][idx]") {
  TempDir dir;
  const auto path = dir / "array-idx2-ubyte.gz";
  write_gz(path, concat(idx_header({4, 3}), kPixels));
  const IdxArray array = read_idx(path);
  CHECK(array.dims == std::vector<int>{4, 3});
  CHECK(array.data == kPixels);
}

TEST_CASE("read_idx reads arrays larger than one read chunk", "[problems][idx]") {
  TempDir dir;
  const auto path = dir / "big-idx1-ubyte.gz";
  Bytes data(9'000'001);
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::uint8_t>(i * 7 % 251);
  write_gz(path, concat(idx_header({static_cast<std::uint32_t>(data.size())}), data));
  const IdxArray array = read_idx(path);
  CHECK(array.dims == std::vector<int>{9'000'001});
  // Parenthesised so that Catch compares without printing 9 MB of bytes.
  CHECK((array.data == data));
}

TEST_CASE("read_idx rejects malformed files, naming the path", "[problems][idx]") {
  TempDir dir;
  const auto path = dir / "bad-idx-ubyte";
  const Bytes six = {1, 2, 3, 4, 5, 6};

  SECTION("truncated data") {
    write_raw(path, concat(idx_header({2, 3}), {1, 2, 3, 4, 5}));
    CHECK_THAT(idx_error(path), Contains(path.string()) && Contains("truncated") &&
                                    Contains("need 6 data bytes, found 5"));
  }
  SECTION("truncated header") {
    write_raw(path, {0, 0});
    CHECK_THAT(idx_error(path), Contains(path.string()) && Contains("truncated"));
  }
  SECTION("truncated dimension sizes") {
    write_raw(path, {0, 0, 8, 2, 0, 0, 0, 2, 0, 0});
    CHECK_THAT(idx_error(path), Contains(path.string()) && Contains("truncated"));
  }
  SECTION("trailing bytes") {
    write_raw(path, concat(idx_header({2, 3}), {1, 2, 3, 4, 5, 6, 7}));
    CHECK_THAT(idx_error(path), Contains(path.string()) && Contains("trailing bytes"));
  }
  SECTION("bad magic") {
    Bytes bytes = concat(idx_header({6}), six);
    bytes[1] = 0x01;
    write_raw(path, bytes);
    CHECK_THAT(idx_error(path), Contains(path.string()) && Contains("magic") && Contains("00 01"));
  }
  SECTION("element type other than unsigned byte") {
    write_raw(path, concat(idx_header({6}, 0x0D), six));
    CHECK_THAT(idx_error(path),
               Contains(path.string()) && Contains("unsupported element type 0x0d"));
  }
  SECTION("zero dimensions") {
    write_raw(path, {0, 0, 8, 0});
    CHECK_THAT(idx_error(path), Contains(path.string()) && Contains("0 dimensions"));
  }
  SECTION("five dimensions") {
    write_raw(path, concat(idx_header({1, 1, 1, 1, 6}), six));
    CHECK_THAT(idx_error(path), Contains(path.string()) && Contains("5 dimensions"));
  }
  SECTION("a dimension of size zero") {
    write_raw(path, idx_header({2, 0}));
    CHECK_THAT(idx_error(path), Contains(path.string()) && Contains("size 0 in dimension 1"));
  }
  SECTION("a dimension above the int32 range") {
    write_raw(path, concat(idx_header({0x80000000u}), six));
    CHECK_THAT(idx_error(path), Contains(path.string()) && Contains("size 2147483648"));
  }
}

TEST_CASE("read_idx reports a missing file by path", "[problems][idx]") {
  TempDir dir;
  const auto path = dir / "absent-idx1-ubyte.gz";
  CHECK_THAT(idx_error(path), Contains(path.string()) && Contains("No such file"));
}

TEST_CASE("read_idx reports corrupt gzip streams", "[problems][idx]") {
  TempDir dir;
  const auto path = dir / "corrupt-idx1-ubyte.gz";

  SECTION("garbage after a valid gzip header") {
    write_raw(path, {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff});
    CHECK_THAT(idx_error(path), Contains(path.string()) && Contains("invalid"));
  }
  SECTION("a stream cut short") {
    const auto whole = dir / "whole.gz";
    Bytes data(5000);
    for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::uint8_t>(i * i);
    write_gz(whole, concat(idx_header({5000}), data));
    Bytes compressed = read_raw(whole);
    compressed.resize(compressed.size() - 20);
    write_raw(path, compressed);
    CHECK_THAT(idx_error(path), Contains(path.string()) && Contains("unexpected end"));
  }
}

}  // namespace
}  // namespace biasbound::problems

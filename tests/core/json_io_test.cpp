#include "core/json_io.hpp"

#include <catch2/catch.hpp>

#include "../test_support.hpp"
#include "core/error.hpp"

using namespace biasbound::core;
using biasbound::testing::TempDir;
using Catch::Contains;

TEST_CASE("reading JSON: a directory, bad JSON and a number no double holds are input errors",
          "[json]") {
  TempDir dir;
  CHECK_THROWS_WITH(read_json_file(dir.path()),
                    Contains(dir.path().string()) && Contains("is a directory"));
  CHECK_THROWS_WITH(read_json_file(dir.write("bad.json", "{not json")),
                    Contains("bad.json") && Contains("not valid JSON"));
  const auto huge = dir.write("huge.json", R"({"bias": {"frontier": [{"m": 1e999}]}})");
  CHECK_THROWS_WITH(read_json_file(huge), Contains("huge.json") && Contains("bias.frontier[].m") &&
                                              Contains("out of range"));
  CHECK_THROWS_AS(read_json_file(dir / "missing.json"), InputError);
  CHECK(read_json_file(dir.write("ok.json", R"({"a": [1, 2]})")).at("a").size() == 2);
}

TEST_CASE("writing JSON over a directory is an input error naming it", "[json]") {
  TempDir dir;
  std::filesystem::create_directory(dir / "out.json");
  CHECK_THROWS_WITH(write_json_file(dir / "out.json", Json::object()),
                    Contains("out.json") && Contains("directory"));
  CHECK_FALSE(std::filesystem::exists(dir / "out.json.tmp"));
}

// Bad scenario input: every error names the file and line or the --set that gave the value.

#include <catch2/catch.hpp>
#include <string>

#include "../test_support.hpp"
#include "core/error.hpp"
#include "io/scenario_file.hpp"

namespace bio = biasbound::io;
using biasbound::testing::error_of;
using biasbound::testing::TempDir;
using Catch::Matchers::Contains;

namespace {

const std::string kMinimal = R"(
theorem = "compressed-gd-contraction"
[problem]
spec = "quadratic:d=10"
)";

}  // namespace

TEST_CASE("an impossible claimed constant names the scenario line or the --set, not a flag",
          "[io][bad-input]") {
  const auto from_file =
      error_of([] { bio::parse_scenario(kMinimal + "[constants]\ndelta = -43\n", "claims.toml"); });
  CHECK_THAT(from_file, Contains("claims.toml:6: constants.delta = -43 is impossible") &&
                            Contains("0 < δ ≤ 1"));
  const auto from_set = error_of([] { bio::parse_scenario(kMinimal, "s.toml", {"delta=-43"}); });
  CHECK_THAT(from_set, Contains("--set delta=-43: delta = -43 is impossible"));
  CHECK_THAT(error_of([] { bio::parse_scenario(kMinimal, "s.toml", {"m=1"}); }),
             Contains("--set m=1") && Contains("0 ≤ m < 1"));
  CHECK_FALSE(from_set.find("--delta") != std::string::npos);
  CHECK(bio::parse_scenario(kMinimal, "s.toml", {"delta=0.5", "f_star=-3"}).constants.size() == 2);
}

TEST_CASE("flag --set numbers are decimal like every numeric flag", "[io][bad-input]") {
  for (const char* value : {"0x10", "0o10", "0b10", "1_000", "inf", "nan"})
    CHECK_THAT(error_of([&] {
                 bio::parse_scenario(kMinimal, "s.toml", {std::string("iterations=") + value});
               }),
               Contains(std::string("--set iterations=") + value));
  CHECK(bio::parse_scenario(kMinimal, "s.toml", {"iterations=+1000"}).iterations == 1000);
  CHECK(bio::parse_scenario(kMinimal, "s.toml", {"gamma=1e-3"}).gamma == "0.001");
}

TEST_CASE("integer keys never wrap: iterations fit an int, workers fit an int", "[io][bad-input]") {
  CHECK_THAT(error_of([] { bio::parse_scenario(kMinimal, "s.toml", {"iterations=3000000000"}); }),
             Contains("from 1 to 2147483647"));
  CHECK_THAT(error_of([] { bio::parse_scenario(kMinimal, "s.toml", {"workers=4294967297"}); }),
             Contains("--set workers=4294967297") && Contains("2147483647"));
}

TEST_CASE("a scenario path that is a directory is an error saying so", "[io][bad-input]") {
  TempDir dir;
  CHECK_THAT(error_of([&] { bio::load_scenario(dir.path()); }),
             Contains(dir.path().string()) && Contains("is a directory"));
}

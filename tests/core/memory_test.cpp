#include "core/memory.hpp"

#include <catch2/catch.hpp>

#include "core/error.hpp"

using namespace biasbound::core;
using Catch::Contains;

TEST_CASE("byte counts read in decimal units", "[memory]") {
  CHECK(format_bytes(17) == "17 bytes");
  CHECK(format_bytes(3200) == "3.2 kB");
  CHECK(format_bytes(16e9) == "16 GB");
  CHECK(format_bytes(2.5e15) == "2.5 PB");
}

TEST_CASE("the available memory is known on Linux and bounds what may be allocated", "[memory]") {
  const auto available = available_memory();
  REQUIRE(available);
  CHECK(*available > 0);
  CHECK_NOTHROW(require_memory(1000, "a small table"));
  CHECK_THROWS_AS(require_memory(1e30, "x"), InputError);
  CHECK_THROWS_WITH(require_memory(1e30, "--points 100000000"),
                    Contains("--points 100000000 needs at least 1e+12 EB of memory") &&
                        Contains("are available"));
}

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "../test_support.hpp"
#include "core/csv_writer.hpp"

using namespace biasbound::core;

namespace {
std::string read(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}
}  // namespace

TEST_CASE("CSV rows are written, flushed, and doubles round-trip", "[csv]") {
  const biasbound::testing::TempDir dir;
  const auto path = dir / "t.csv";
  {
    CsvWriter csv(path, {"seed", "x", "maybe", "text"});
    csv.cell(3LL).cell(0.1).cell(std::optional<double>()).cell("a,b").end_row();
    // Flushed before the writer closes: an interrupted run keeps its rows.
    CHECK(read(path) == "seed,x,maybe,text\n3,0.1,,\"a,b\"\n");
    csv.cell(1LL)
        .cell(std::numeric_limits<double>::infinity())
        .cell(std::optional<double>(2.5))
        .cell("q\"")
        .end_row();
  }
  CHECK(read(path) == "seed,x,maybe,text\n3,0.1,,\"a,b\"\n1,inf,2.5,\"q\"\"\"\n");
  const double third = 1.0 / 3.0;
  {
    CsvWriter csv(path, {"v"});
    csv.cell(third).end_row();
  }
  const auto text = read(path);
  CHECK(std::stod(text.substr(2)) == third);
}

TEST_CASE("a row with the wrong number of cells is a programming error", "[csv]") {
  const biasbound::testing::TempDir dir;
  const auto path = dir / "t.csv";
  CsvWriter csv(path, {"a", "b"});
  csv.cell(1LL);
  CHECK_THROWS_AS(csv.end_row(), std::logic_error);
}

// Every key that plots/ and theory/measured_constants.cpp look up in validate.json, run.json,
// measure.json or sweep.json is documented in docs/schema.md: a reader of an undocumented key
// relies on something no writer promises. The lookups are found in the sources by their patterns:
// field(x, "key"), text(x, "key"), optional_number(x, "key"), .at("key"), .value("key", ...),
// .contains("key") and ["key"].

#include <catch2/catch.hpp>
#include <cctype>
#include <filesystem>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "../apps/cli_helpers.hpp"
#include "../schema_doc.hpp"

namespace {

namespace fs = std::filesystem;
using biasbound::core::Artifact;

/// Every key name of docs/schema.md ("t_quantile" of "statistics.t_quantile"), wildcards aside.
std::set<std::string> documented_key_names() {
  std::set<std::string> names;
  for (const auto a : {Artifact::kValidate, Artifact::kRun, Artifact::kMeasure, Artifact::kSweep})
    for (const auto& path : biasbound::testing::documented_paths(a))
      for (const auto& segment : biasbound::testing::path_segments(path))
        if (!segment.starts_with('<')) names.insert(segment.substr(0, segment.find('[')));
  return names;
}

bool identifier_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

/// The string keys of field(x, "key"), text(x, "key") and optional_number(x, "key") calls,
/// where x may itself hold calls (two levels: field(field(m, "a"), "b")).
void add_accessor_keys(const std::string& source, std::set<std::string>& keys) {
  static const std::regex call(
      R"re((?:field|text|optional_number)\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*?,\s*"([^"]*)"\))re");
  for (const std::string name : {"field(", "text(", "optional_number("})
    for (auto at = source.find(name); at != std::string::npos; at = source.find(name, at + 1)) {
      if (at > 0 && identifier_char(source[at - 1])) continue;  // read_text(, ...
      std::smatch m;
      const auto from = source.begin() + static_cast<std::ptrdiff_t>(at);
      if (std::regex_search(from, source.end(), m, call, std::regex_constants::match_continuous))
        keys.insert(m[1]);
    }
}

std::set<std::string> keys_read(const std::string& source) {
  std::set<std::string> keys;
  add_accessor_keys(source, keys);
  static const std::regex member(R"re(\.(?:at|value|contains)\("([^"]*)"|\["([^"]*)"\])re");
  for (std::sregex_iterator it(source.begin(), source.end(), member), end; it != end; ++it)
    keys.insert((*it)[1].matched ? (*it)[1].str() : (*it)[2].str());
  return keys;
}

std::vector<fs::path> reader_sources() {
  const fs::path root(BIASBOUND_SOURCE_DIR);
  std::vector<fs::path> sources = {root / "theory" / "measured_constants.cpp"};
  for (const auto& entry : fs::directory_iterator(root / "plots"))
    if (entry.path().extension() == ".cpp") sources.push_back(entry.path());
  return sources;
}

}  // namespace

TEST_CASE("the key patterns find the lookups of the readers", "[schema]") {
  const fs::path root(BIASBOUND_SOURCE_DIR);
  const auto read = [&](const char* file) {
    return keys_read(biasbound::cli_test::read_text(root / file));
  };
  CHECK(read("plots/report.cpp").count("t_quantile") == 1);  // field(st, "t_quantile")
  CHECK(read("plots/report.cpp").count("stages") == 1);      // field(field(m, "analytic"), ...)
  CHECK(read("plots/figure_frontier.cpp").count("frontier") == 1);     // .at("frontier")
  CHECK(read("plots/figure_sweep.cpp").count("f_star") == 1);          // ["f_star"]
  CHECK(read("theory/measured_constants.cpp").count("samples") == 1);  // optional_number
  CHECK(keys_read(R"(read_text(dir, "x.svg"))").empty());
}

TEST_CASE("every key plots/ and theory/measured_constants.cpp read is documented", "[schema]") {
  const auto documented = documented_key_names();
  REQUIRE(documented.count("t_quantile") == 1);
  std::vector<std::string> undocumented;
  for (const auto& file : reader_sources())
    for (const auto& key : keys_read(biasbound::cli_test::read_text(file)))
      if (documented.count(key) == 0) undocumented.push_back(file.filename().string() + ": " + key);
  CHECK(undocumented == std::vector<std::string>{});
}

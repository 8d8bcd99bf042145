#include "core/schema.hpp"

#include <catch2/catch.hpp>

#include "../test_support.hpp"
#include "core/error.hpp"

using namespace biasbound::core;
using biasbound::testing::TempDir;
using Catch::Contains;

TEST_CASE("each artifact has its name and a version after the unversioned files", "[schema]") {
  CHECK(artifact_name(Artifact::kValidate) == "validate");
  CHECK(artifact_name(Artifact::kRun) == "run");
  CHECK(artifact_name(Artifact::kMeasure) == "measure");
  for (const auto a : {Artifact::kValidate, Artifact::kRun, Artifact::kMeasure})
    CHECK(schema_version(a) >= 2);
}

TEST_CASE("a stamped record leads with its schema and reads back as written", "[schema]") {
  TempDir dir;
  Json record = {{"verdict", "holds"}, {"statistics", {{"seeds", 4}}}};
  stamp(record, Artifact::kValidate);
  CHECK(record.begin().key() == "schema");
  CHECK(record.at("schema") ==
        Json{{"name", "biasbound.validate"}, {"version", schema_version(Artifact::kValidate)}});
  CHECK(record.at("statistics").at("seeds") == 4);
  const auto stamped = record;
  stamp(record, Artifact::kValidate);
  CHECK(record == stamped);  // stamping again changes nothing
  write_json_file(dir / "validate.json", record);
  CHECK(read_artifact(dir / "validate.json", Artifact::kValidate) == record);
}

TEST_CASE("a file without a schema is version 1 and is read as it is", "[schema]") {
  TempDir dir;
  const auto legacy = dir.write("measure.json", R"({"bias": {"m_only": 0.5}})");
  CHECK(read_artifact(legacy, Artifact::kMeasure) == read_json_file(legacy));
}

TEST_CASE("another artifact's file, a newer version and a malformed schema are refused",
          "[schema]") {
  TempDir dir;
  Json run = {{"status", "completed"}};
  stamp(run, Artifact::kRun);
  write_json_file(dir / "run.json", run);
  CHECK_THROWS_WITH(read_artifact(dir / "run.json", Artifact::kValidate),
                    Contains((dir / "run.json").string()) &&
                        Contains("is a biasbound.run file, expected biasbound.validate"));

  const int newer = schema_version(Artifact::kMeasure) + 1;
  write_json_file(dir / "new.json",
                  {{"schema", {{"name", "biasbound.measure"}, {"version", newer}}}});
  CHECK_THROWS_WITH(
      read_artifact(dir / "new.json", Artifact::kMeasure),
      Contains((dir / "new.json").string()) &&
          Contains(fmt::format("biasbound.measure version {}", newer)) &&
          Contains(fmt::format("reads up to version {}", schema_version(Artifact::kMeasure))));

  for (const auto* schema :
       {R"("2")", R"({"name": "biasbound.run"})", R"({"name": "biasbound.run", "version": 0})"}) {
    const auto bad = dir.write("bad.json", fmt::format(R"({{"schema": {}}})", schema));
    CHECK_THROWS_WITH(read_artifact(bad, Artifact::kRun),
                      Contains(bad.string()) && Contains("\"schema\" is"));
  }
}

#include "core/schema.hpp"

#include <string>

#include "core/error.hpp"

namespace biasbound::core {
namespace {

struct Schema {
  Artifact artifact;
  std::string_view name;
  int version;
};

// The current version of each file: raise it, and add a line to docs/schema.md's history, when
// a key is renamed, removed or changes meaning, so that an older biasbound refuses the file
// instead of misreading it. Version 2 of each adds "schema" (validate: statement.quantity_label);
// sweep.json starts at 1, stamped from the start.
constexpr Schema kSchemas[] = {{Artifact::kValidate, "validate", 2},
                               {Artifact::kRun, "run", 2},
                               {Artifact::kMeasure, "measure", 2},
                               {Artifact::kSweep, "sweep", 1}};

const Schema& schema_of(Artifact artifact) {
  for (const auto& s : kSchemas)
    if (s.artifact == artifact) return s;
  return kSchemas[0];
}

std::string full_name(Artifact artifact) {
  return "biasbound." + std::string(artifact_name(artifact));
}

void check_schema(const Json& schema, const std::filesystem::path& path, Artifact artifact) {
  const auto expected = full_name(artifact);
  const auto name = schema.is_object() ? schema.value("name", Json()) : Json();
  const auto version = schema.is_object() ? schema.value("version", Json()) : Json();
  if (!name.is_string() || !version.is_number_integer() || version.get<long long>() < 1)
    throw input_error("'{}': \"schema\" is {}; expected {{\"name\": \"{}\", \"version\": N ≥ 1}}",
                      path.string(), schema.dump(), expected);
  if (name != expected)
    throw input_error("'{}' is a {} file, expected {}", path.string(), name.get<std::string>(),
                      expected);
  if (version.get<long long>() > schema_version(artifact))
    throw input_error(
        "'{}' is {} version {}; this build of biasbound reads up to version {}: read it with a "
        "newer biasbound",
        path.string(), expected, version.get<long long>(), schema_version(artifact));
}

}  // namespace

std::string_view artifact_name(Artifact artifact) {
  return schema_of(artifact).name;
}

int schema_version(Artifact artifact) {
  return schema_of(artifact).version;
}

void stamp(Json& record, Artifact artifact) {
  // First, so that the head of the file says what the file is.
  Json stamped = {{"schema", nullptr}};
  stamped.update(record);
  stamped["schema"] = {{"name", full_name(artifact)}, {"version", schema_version(artifact)}};
  record = std::move(stamped);
}

Json read_artifact(const std::filesystem::path& path, Artifact artifact) {
  auto record = read_json_file(path);
  // Written before versioning: version 1, whose keys the readers still handle.
  if (record.is_object() && record.contains("schema"))
    check_schema(record["schema"], path, artifact);
  return record;
}

}  // namespace biasbound::core

#pragma once
// The versioned schema of the JSON files biasbound writes and other modules read back
// (validate.json, run.json, measure.json, sweep.json). Every key path of each file is documented in
// docs/schema.md, and the tests hold the files to it. A writer stamps its record with the
// schema's name and version; a reader opens the file through read_artifact, which refuses
// another kind of file and a version newer than this build knows.

#include <filesystem>
#include <string_view>

#include "core/json_io.hpp"

namespace biasbound::core {

enum class Artifact { kValidate, kRun, kMeasure, kSweep };

/// "validate", "run", "measure" or "sweep": the file is NAME.json, its schema biasbound.NAME.
std::string_view artifact_name(Artifact artifact);

/// The version this build writes and the newest it reads. Version 1 is the unversioned files
/// written before schemas existed; each change of a file's keys adds one (docs/schema.md).
int schema_version(Artifact artifact);

/// Adds "schema": {"name": "biasbound.NAME", "version": N} as the record's first key.
void stamp(Json& record, Artifact artifact);

/// Reads a file of this artifact. A file without "schema" is version 1 and accepted; another
/// artifact's file, or a newer version than this build reads, is an InputError naming the file.
Json read_artifact(const std::filesystem::path& path, Artifact artifact);

}  // namespace biasbound::core

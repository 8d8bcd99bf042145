#pragma once
// The rule every command that writes results (run, measure, validate) applies to its --out
// folder before writing there: results are never silently overwritten or mixed.
//
// A folder holds the results of one command, recognised by its marker file (run.json,
// measure.json, validate.json or scenario.json, sweep.json) and identified by the configuration
// that file records. A folder that holds another command's results, or the same command's results
// for another configuration, is refused naming what is there; --force removes those results first.
// --force removes only the files biasbound writes in such a folder, and refuses when the folder
// also holds anything else, so a user's own files are never deleted.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/json_io.hpp"

namespace biasbound::core {

enum class ResultKind { kRun, kMeasure, kValidate, kSweep };

/// "run", "measure", "validate" or "sweep": the command that writes results of this kind.
std::string_view command_name(ResultKind kind);

/// The top level of a results folder, sorted out.
struct FolderContents {
  std::vector<ResultKind> kinds;               // results found, by their marker files
  std::vector<std::filesystem::path> ours;     // entries biasbound wrote for those results
  std::vector<std::filesystem::path> foreign;  // everything else, relative to the folder
};

/// Entries count as biasbound's only beside a marker of the kind that writes them; a folder
/// (seeds/, figures/, ...) only when everything in it is. Symbolic links are never biasbound's.
FolderContents folder_contents(const std::filesystem::path& dir);

struct OutputClaim {
  ResultKind kind = ResultKind::kRun;
  Json config;                       // compared with the marker's record of its configuration
  std::vector<std::string> ignored;  // config keys that do not change the results
  bool force = false;
};

/// Checks `dir` (which may not exist yet) before a command writes its results there; throws an
/// InputError naming the folder and what is there when it holds other results. With
/// claim.force, removes the previous results instead (biasbound's files only). Results of the
/// same kind and configuration are left for the caller, which resumes or overwrites them.
void claim_output_folder(const std::filesystem::path& dir, const OutputClaim& claim);

/// claim_output_folder in two steps, for a command that can write its new results aside first
/// and replace the old ones only once it has them: checks as above and returns what --force
/// would remove (nothing without claim.force), removing nothing yet.
std::vector<std::filesystem::path> check_output_folder(const std::filesystem::path& dir,
                                                       const OutputClaim& claim);
/// Removes `entries` (relative to `dir`, from check_output_folder).
void remove_results(const std::filesystem::path& dir,
                    const std::vector<std::filesystem::path>& entries);

}  // namespace biasbound::core

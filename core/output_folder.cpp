#include "core/output_folder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "core/error.hpp"

namespace biasbound::core {
namespace fs = std::filesystem;
namespace {

/// A name biasbound writes in a results folder: exact, or `prefix*suffix`; `inside` is set for
/// a folder and lists what it may hold.
struct Entry {
  std::string_view pattern;
  const std::vector<Entry>* inside = nullptr;
};

// What `plot` writes in DIR/figures: NAME.{csv,gp,svg,png} and a failed script's NAME.log.
const std::vector<Entry> kFigures = {{"bound_vs_actual.*"},   {"tightness.*"},
                                     {"bias_frontier.*"},     {"variance_frontier.*"},
                                     {"admissible_region.*"}, {"beta_sweep.*"}};
const std::vector<Entry> kMeasureFiles = {{"measure.json"}, {"measure.json.tmp"}, {"pairs.csv"}};
const std::vector<Entry> kMeasure = {{"measure.json"},
                                     {"measure.json.tmp"},
                                     {"pairs.csv"},
                                     {".measure-staging", &kMeasureFiles},
                                     {"figures", &kFigures}};
const std::vector<Entry> kRun = {
    {"run.json"}, {"run.json.tmp"}, {"trace.csv"}, {"figures", &kFigures}};
const std::vector<Entry> kSeeds = {{"seed-*.csv"},
                                   {"seed-*.csv.partial"},
                                   {"seed-*.diverged.txt"},
                                   {"seed-*.diverged.txt.partial"}};
const std::vector<Entry> kValidate = {{"scenario.json"},      {"scenario.json.tmp"},
                                      {"constants.json"},     {"constants.json.tmp"},
                                      {"validate.json"},      {"validate.json.tmp"},
                                      {"trace.csv"},          {"bound.csv"},
                                      {"region.csv"},         {"report.html"},
                                      {"report.html.tmp"},    {"seeds", &kSeeds},
                                      {"measure", &kMeasure}, {"measure-compressor", &kMeasure},
                                      {"figures", &kFigures}};

// A sweep's cells are run folders, one per cell, under DIR/cells.
const std::vector<Entry> kCells = {{"*", &kRun}};
const std::vector<Entry> kSweep = {{"sweep.json"}, {"sweep.json.tmp"}, {"sweep.csv"},
                                   {"table.csv"},  {"table.md"},       {"cells", &kCells}};

const std::vector<Entry>& layout(ResultKind kind) {
  switch (kind) {
    case ResultKind::kRun:
      return kRun;
    case ResultKind::kMeasure:
      return kMeasure;
    case ResultKind::kValidate:
      return kValidate;
    case ResultKind::kSweep:
      return kSweep;
  }
  return kRun;
}

/// The files that say a folder holds results; `config` names the key recording their
/// configuration (validate.json alone does not say which scenario it belongs to).
struct Marker {
  ResultKind kind;
  std::string_view file;
  std::string_view config;
};
constexpr Marker kMarkers[] = {{ResultKind::kRun, "run.json", "config"},
                               {ResultKind::kMeasure, "measure.json", "config"},
                               {ResultKind::kValidate, "scenario.json", "fingerprint"},
                               {ResultKind::kValidate, "validate.json", ""},
                               {ResultKind::kSweep, "sweep.json", "config"}};

bool matches(std::string_view name, std::string_view pattern) {
  const auto star = pattern.find('*');
  if (star == std::string_view::npos) return name == pattern;
  const auto prefix = pattern.substr(0, star), suffix = pattern.substr(star + 1);
  return name.size() >= prefix.size() + suffix.size() && name.starts_with(prefix) &&
         name.ends_with(suffix);
}

std::vector<fs::path> sorted_entries(const fs::path& dir) {
  std::vector<fs::path> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename());
  std::sort(names.begin(), names.end());
  return names;
}

/// The first thing under `dir` (relative to it) that the layout does not allow, if any.
std::optional<fs::path> first_foreign(const fs::path& dir, const std::vector<Entry>& allowed);

/// Whether `path` (named `name`) is an entry of `allowed`; a folder only when all of it is.
std::optional<fs::path> foreign_part(const fs::path& path, const fs::path& name,
                                     const std::vector<const std::vector<Entry>*>& layouts) {
  if (fs::is_symlink(path)) return name;  // never followed, never removed
  const bool folder = fs::is_directory(path);
  for (const auto* entries : layouts)
    for (const auto& entry : *entries) {
      if (!matches(name.string(), entry.pattern) || folder != (entry.inside != nullptr)) continue;
      if (!folder) return std::nullopt;
      const auto inner = first_foreign(path, *entry.inside);
      return inner ? std::optional(name / *inner) : std::nullopt;
    }
  return name;
}

std::optional<fs::path> first_foreign(const fs::path& dir, const std::vector<Entry>& allowed) {
  for (const auto& name : sorted_entries(dir))
    if (auto part = foreign_part(dir / name, name, {&allowed})) return part;
  return std::nullopt;
}

/// "a, b, c" or "a, b, c and 4 more".
std::string list_names(const std::vector<fs::path>& names) {
  std::string text;
  for (std::size_t i = 0; i < names.size() && i < 3; ++i)
    text += (i ? ", " : "") + names[i].string();
  if (names.size() > 3) text += fmt::format(" and {} more", names.size() - 3);
  return text;
}

std::string_view results_noun(ResultKind kind) {
  switch (kind) {
    case ResultKind::kRun:
      return "run";
    case ResultKind::kMeasure:
      return "measurement";
    case ResultKind::kValidate:
      return "scenario";
    case ResultKind::kSweep:
      return "sweep";
  }
  return "run";
}

/// "KEY: X there, Y here" for the first key whose value differs.
std::optional<std::string> first_difference(const Json& theirs, const Json& mine,
                                            const std::vector<std::string>& ignored) {
  const auto skip = [&](const std::string& key) {
    return std::find(ignored.begin(), ignored.end(), key) != ignored.end();
  };
  for (const auto& [key, value] : mine.items())
    if (!skip(key) && (!theirs.contains(key) || theirs.at(key) != value))
      return fmt::format("{}: {} there, {} here", key,
                         theirs.contains(key) ? theirs.at(key).dump() : "absent", value.dump());
  for (const auto& [key, value] : theirs.items())
    if (!skip(key) && !mine.contains(key))
      return fmt::format("{}: {} there, absent here", key, value.dump());
  return std::nullopt;
}

/// What in `dir` stands in the way of `claim`, as the rest of a sentence about the folder.
struct Conflict {
  std::string what;
  bool replaceable = true;  // by --force: the folder holds biasbound's results
};

std::optional<Conflict> same_kind_conflict(const fs::path& dir, const OutputClaim& claim) {
  for (const auto& marker : kMarkers) {
    if (marker.kind != claim.kind || marker.config.empty()) continue;
    const auto file = dir / marker.file;
    if (!fs::exists(file)) continue;
    Json theirs;
    try {
      theirs = read_json_file(file).at(std::string(marker.config));
    } catch (const std::exception&) {
      return Conflict{fmt::format("holds the results of a {} that {} does not describe",
                                  results_noun(claim.kind), marker.file)};
    }
    if (auto difference = first_difference(theirs, claim.config, claim.ignored))
      return Conflict{fmt::format("holds the results of a different {} ({} in {})",
                                  results_noun(claim.kind), *difference, marker.file)};
    return std::nullopt;
  }
  // Only validate.json: a validation from before scenario.json, of an unknown scenario.
  return Conflict{
      "holds the results of a validation whose scenario it does not record (no "
      "scenario.json)"};
}

std::optional<Conflict> conflict(const fs::path& dir, const FolderContents& contents,
                                 const OutputClaim& claim) {
  for (const auto kind : contents.kinds)
    if (kind != claim.kind) {
      const auto marker = std::find_if(std::begin(kMarkers), std::end(kMarkers), [&](auto& m) {
        return m.kind == kind && fs::exists(dir / m.file);
      });
      return Conflict{fmt::format("holds the results of `biasbound {}` ({})", command_name(kind),
                                  marker->file)};
    }
  if (!contents.kinds.empty()) return same_kind_conflict(dir, claim);
  // Nothing biasbound can identify. A validation resumes from what its folder holds, so it
  // needs an empty one; run and measure only must not overwrite someone else's file.
  if (claim.kind == ResultKind::kValidate)
    return Conflict{fmt::format("is not empty ({}) and has no scenario.json saying which "
                                "validation its files belong to; choose an empty or new --out",
                                list_names(contents.foreign)),
                    false};
  std::vector<fs::path> clashes;
  for (const auto& name : contents.foreign)
    if (!foreign_part(dir / name, name, {&layout(claim.kind)})) clashes.push_back(name);
  if (clashes.empty()) return std::nullopt;
  return Conflict{fmt::format("holds {} but no {}.json: biasbound did not write it, and will not "
                              "overwrite it; choose another --out or move it away",
                              list_names(clashes), command_name(claim.kind)),
                  false};
}

}  // namespace

void remove_results(const fs::path& dir, const std::vector<fs::path>& entries) {
  for (const auto& name : entries) {
    std::error_code error;
    fs::remove_all(dir / name, error);
    if (error)
      throw input_error("--force: cannot remove '{}': {}", (dir / name).string(), error.message());
  }
}

std::string_view command_name(ResultKind kind) {
  switch (kind) {
    case ResultKind::kRun:
      return "run";
    case ResultKind::kMeasure:
      return "measure";
    case ResultKind::kValidate:
      return "validate";
    case ResultKind::kSweep:
      return "sweep";
  }
  return "run";
}

FolderContents folder_contents(const fs::path& dir) {
  FolderContents contents;
  for (const auto& marker : kMarkers)
    if (fs::is_regular_file(dir / marker.file) &&
        std::find(contents.kinds.begin(), contents.kinds.end(), marker.kind) ==
            contents.kinds.end())
      contents.kinds.push_back(marker.kind);
  std::vector<const std::vector<Entry>*> layouts;
  for (const auto kind : contents.kinds) layouts.push_back(&layout(kind));
  for (const auto& name : sorted_entries(dir)) {
    if (auto part = foreign_part(dir / name, name, layouts))
      contents.foreign.push_back(*part);
    else
      contents.ours.push_back(name);
  }
  return contents;
}

void claim_output_folder(const fs::path& dir, const OutputClaim& claim) {
  remove_results(dir, check_output_folder(dir, claim));
}

std::vector<fs::path> check_output_folder(const fs::path& dir, const OutputClaim& claim) {
  if (!fs::exists(dir)) return {};
  if (!fs::is_directory(dir))
    throw input_error("--out '{}' is a file: expected a directory", dir.string());
  const auto contents = folder_contents(dir);
  if (contents.ours.empty() && contents.foreign.empty()) return {};  // an empty folder is free
  const auto found = conflict(dir, contents, claim);
  if (found && !found->replaceable) throw input_error("--out '{}' {}", dir.string(), found->what);
  if (!claim.force) {
    if (found)
      throw input_error("--out '{}' {}; choose another --out, or pass --force to replace them",
                        dir.string(), found->what);
    return {};
  }
  if (contents.ours.empty()) return {};
  if (!contents.foreign.empty())
    throw input_error(
        "--out '{}' holds {} besides biasbound's results: --force removes only the files "
        "biasbound wrote and never empties a folder that holds others; move them away or choose "
        "another --out",
        dir.string(), list_names(contents.foreign));
  return contents.ours;
}

}  // namespace biasbound::core

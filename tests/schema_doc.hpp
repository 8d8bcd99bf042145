#pragma once
// docs/schema.md read as data, so that tests hold the files biasbound writes, and the code that
// reads them, to their documentation. Each artifact's section is the one whose "## " heading
// names `biasbound.NAME`; each table row of it starting with a code span documents the key path
// in that span: "statistics.t_quantile", "divergence[].seed", "constants.<symbol>.value" (a
// segment <...> stands for any key). Needs BIASBOUND_SOURCE_DIR.

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "core/json_io.hpp"
#include "core/schema.hpp"

namespace biasbound::testing {

inline const std::filesystem::path kSchemaDoc =
    std::filesystem::path(BIASBOUND_SOURCE_DIR) / "docs" / "schema.md";

/// The key paths docs/schema.md documents for `artifact`, in its order.
inline std::vector<std::string> documented_paths(core::Artifact artifact) {
  const std::string heading = "`biasbound." + std::string(core::artifact_name(artifact)) + "`";
  std::ifstream in(kSchemaDoc);
  std::vector<std::string> paths;
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("## ")) inside = line.find(heading) != std::string::npos;
    if (!inside || !line.starts_with("| `")) continue;
    const auto end = line.find('`', 3);
    if (end != std::string::npos) paths.push_back(line.substr(3, end - 3));
  }
  return paths;
}

inline void add_key_paths(const core::Json& value, const std::string& prefix,
                          std::set<std::string>& paths) {
  if (value.is_object())
    for (auto it = value.begin(); it != value.end(); ++it) {
      const auto path = prefix.empty() ? it.key() : prefix + "." + it.key();
      paths.insert(path);
      add_key_paths(it.value(), path, paths);
    }
  if (value.is_array())
    for (const auto& element : value) add_key_paths(element, prefix + "[]", paths);
}

/// Every key path of `record`: object keys joined by ".", array elements marked "[]".
inline std::set<std::string> key_paths(const core::Json& record) {
  std::set<std::string> paths;
  add_key_paths(record, "", paths);
  return paths;
}

/// "a.b[].c" as {"a", "b[]", "c"}.
inline std::vector<std::string> path_segments(const std::string& path) {
  std::vector<std::string> segments(1);
  for (const char c : path)
    if (c == '.')
      segments.emplace_back();
    else
      segments.back().push_back(c);
  return segments;
}

/// A documented segment matches a key's: the same name, or <...> for any name; the same "[]".
inline bool segment_matches(const std::string& documented, const std::string& key) {
  const auto split = [](const std::string& s) {
    const auto at = s.find('[');
    return std::pair(s.substr(0, at), at == std::string::npos ? std::string() : s.substr(at));
  };
  const auto [doc_name, doc_arrays] = split(documented);
  const auto [key_name, key_arrays] = split(key);
  return doc_arrays == key_arrays && (doc_name.starts_with('<') || doc_name == key_name);
}

inline bool is_documented(const std::string& path, const std::vector<std::string>& documented) {
  const auto key = path_segments(path);
  for (const auto& d : documented) {
    const auto doc = path_segments(d);
    if (doc.size() != key.size()) continue;
    bool all = true;
    for (std::size_t i = 0; i < doc.size() && all; ++i) all = segment_matches(doc[i], key[i]);
    if (all) return true;
  }
  return false;
}

/// The key paths of `record` that docs/schema.md does not document for `artifact`.
inline std::vector<std::string> undocumented_paths(const core::Json& record,
                                                   core::Artifact artifact) {
  const auto documented = documented_paths(artifact);
  std::vector<std::string> missing;
  for (const auto& path : key_paths(record))
    if (!is_documented(path, documented)) missing.push_back(path);
  return missing;
}

}  // namespace biasbound::testing

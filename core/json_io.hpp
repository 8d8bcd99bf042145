#pragma once
// JSON files written atomically (temporary file, then rename), so readers never see half a file.

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

namespace biasbound::core {

using Json = nlohmann::ordered_json;

void write_json_file(const std::filesystem::path& path, const Json& value);

/// Writes `text` to `path` the same way (a temporary file, then rename).
void write_file_atomically(const std::filesystem::path& path, std::string_view text);

/// Reads a JSON file; a missing or malformed file is an InputError naming it.
Json read_json_file(const std::filesystem::path& path);

/// The value, or null when absent.
template <class T>
Json optional_json(const std::optional<T>& value) {
  return value ? Json(*value) : Json(nullptr);
}

}  // namespace biasbound::core

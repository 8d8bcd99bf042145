#include "core/json_io.hpp"

#include <fstream>

#include "core/error.hpp"

namespace biasbound::core {

void write_json_file(const std::filesystem::path& path, const Json& value) {
  auto temporary = path;
  temporary += ".tmp";
  {
    std::ofstream out(temporary);
    if (!out) throw input_error("cannot write '{}'", temporary.string());
    out << value.dump(2) << '\n';
    if (!out) throw input_error("cannot write '{}'", temporary.string());
  }
  std::filesystem::rename(temporary, path);
}

Json read_json_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw input_error("'{}' cannot be read", path.string());
  try {
    return Json::parse(in);
  } catch (const Json::parse_error& e) {
    throw input_error("'{}' is not valid JSON: {}", path.string(), e.what());
  }
}

}  // namespace biasbound::core

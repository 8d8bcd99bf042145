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

}  // namespace biasbound::core

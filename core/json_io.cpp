#include "core/json_io.hpp"

#include <fstream>
#include <ios>
#include <string_view>
#include <system_error>
#include <vector>

#include "core/error.hpp"

namespace biasbound::core {
namespace {

// nlohmann's messages start with "[json.exception.parse_error.101] ": the id helps nobody.
std::string_view without_id(std::string_view message) {
  if (message.starts_with("[json.exception.")) {
    const auto end = message.find("] ");
    if (end != std::string_view::npos) message.remove_prefix(end + 2);
  }
  return message;
}

// Where the parser is, as "bias.frontier[].m": the keys of the open objects, "[]" for arrays.
class KeyPath {
 public:
  bool on(Json::parse_event_t event, const Json& parsed) {
    using Event = Json::parse_event_t;
    if (event == Event::object_start) stack_.emplace_back();
    if (event == Event::array_start) stack_.emplace_back("[]");
    if ((event == Event::object_end || event == Event::array_end) && !stack_.empty())
      stack_.pop_back();
    if (event == Event::key && !stack_.empty()) stack_.back() = parsed.get<std::string>();
    return true;
  }

  std::string text() const {
    std::string path;
    for (const auto& part : stack_) {
      if (part.empty()) continue;
      path += part == "[]" || path.empty() ? part : "." + part;
    }
    return path;
  }

 private:
  std::vector<std::string> stack_;
};

}  // namespace

void write_json_file(const std::filesystem::path& path, const Json& value) {
  write_file_atomically(path, value.dump(2) + '\n');
}

void write_file_atomically(const std::filesystem::path& path, std::string_view text) {
  auto temporary = path;
  temporary += ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary);
    if (!out) throw input_error("cannot write '{}'", temporary.string());
    out << text;
    if (!out) throw input_error("cannot write '{}'", temporary.string());
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) {
    std::filesystem::remove(temporary, error);
    throw input_error("cannot write '{}': {}", path.string(),
                      std::filesystem::is_directory(path) ? "it is a directory" : error.message());
  }
}

Json read_json_file(const std::filesystem::path& path) {
  if (std::filesystem::is_directory(path))
    throw input_error("'{}' is a directory: expected a JSON file", path.string());
  std::ifstream in(path);
  if (!in) throw input_error("'{}' cannot be read", path.string());
  KeyPath at;
  try {
    return Json::parse(
        in, [&at](int, Json::parse_event_t event, Json& parsed) { return at.on(event, parsed); });
  } catch (const Json::out_of_range& e) {
    // A number such as 1e999 that no double holds.
    throw input_error("'{}': {} holds a number out of range ({})", path.string(),
                      at.text().empty() ? "the file" : at.text(), without_id(e.what()));
  } catch (const Json::exception& e) {
    throw input_error("'{}' is not valid JSON: {}", path.string(), without_id(e.what()));
  } catch (const std::ios_base::failure& e) {
    throw input_error("'{}' cannot be read: {}", path.string(), e.what());
  }
}

}  // namespace biasbound::core

#pragma once
// Shared by the fuzz targets: the loaders take a path, so the input goes to a file first.

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <system_error>

namespace biasbound::fuzz {

/// A file in the temporary directory, private to this process, rewritten with each input.
class InputFile {
 public:
  explicit InputFile(std::string_view name)
      : path_(std::filesystem::temp_directory_path() /
              ("biasbound-fuzz-" + std::to_string(getpid()) + "-" + std::string(name))) {}
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;
  ~InputFile() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }

  const std::filesystem::path& write(const std::uint8_t* data, std::size_t size) {
    std::ofstream out(path_, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    out.close();
    if (!out) __builtin_trap();  // the harness itself failed, not the code under test
    return path_;
  }

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

/// Stops the run with a report when a property of a successful parse does not hold.
#define BIASBOUND_FUZZ_CHECK(condition) \
  do {                                  \
    if (!(condition)) __builtin_trap(); \
  } while (false)

}  // namespace biasbound::fuzz

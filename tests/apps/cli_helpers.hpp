#pragma once
// Helpers for the end-to-end tests of the `biasbound` binary: a self-removing temporary
// directory, a runner that executes the binary through the shell with stdout and stderr captured
// to files, and small readers for the CSV and JSON files a run writes.

#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "../test_support.hpp"

#ifndef BIASBOUND_EXE
#error "BIASBOUND_EXE must be defined as the absolute path of the biasbound binary"
#endif

namespace biasbound::cli_test {

namespace fs = std::filesystem;

using testing::TempDir;

/// Quotes one word for /bin/sh.
inline std::string shell_quote(std::string_view word) {
  std::string quoted = "'";
  for (char c : word) {
    if (c == '\'')
      quoted += "'\\''";
    else
      quoted += c;
  }
  quoted += '\'';
  return quoted;
}

inline std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

inline void write_text(const fs::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
  std::string command;
};

/// True in the AddressSanitizer build (make sanitize). ASan maps terabytes of shadow memory at
/// start, so no binary of that build can start under `ulimit -v`: the tests that limit the
/// address space (run_biasbound's address_space_kb) return early there.
#if defined(__has_feature)  // clang
#if __has_feature(address_sanitizer)
#define BIASBOUND_TEST_ASAN 1
#endif
#elif defined(__SANITIZE_ADDRESS__)  // GCC
#define BIASBOUND_TEST_ASAN 1
#endif
#ifdef BIASBOUND_TEST_ASAN
inline constexpr bool kAddressSanitizer = true;
#else
inline constexpr bool kAddressSanitizer = false;
#endif

/// Runs the biasbound binary with `args` (each one word, shell-quoted here), stdout and stderr
/// captured to files in a private temporary directory. exit_code is WEXITSTATUS, or -1 when the
/// process did not exit normally (e.g. a crash). `address_space_kb` > 0 limits the binary's
/// address space (ulimit -v). `launcher` (shell words) goes before the binary, e.g. mpirun.
inline CommandResult run_biasbound(const std::vector<std::string>& args, long address_space_kb = 0,
                                   const std::string& launcher = "") {
  TempDir capture;
  const auto out_file = capture / "stdout.txt";
  const auto err_file = capture / "stderr.txt";
  CommandResult result;
  result.command = launcher + shell_quote(BIASBOUND_EXE);
  for (const auto& arg : args) {
    result.command += ' ';
    result.command += shell_quote(arg);
  }
  // `ulimit -v` makes "more than the available memory" the same on every machine.
  if (address_space_kb > 0 && kAddressSanitizer)
    throw std::logic_error("ulimit -v cannot run an AddressSanitizer build: skip the test there");
  const auto limit =
      address_space_kb > 0 ? "ulimit -v " + std::to_string(address_space_kb) + " && " : "";
  const auto full = limit + result.command + " >" + shell_quote(out_file.string()) + " 2>" +
                    shell_quote(err_file.string()) + " </dev/null";
  const int status = std::system(full.c_str());
  if (status == -1) throw std::runtime_error("std::system failed for: " + full);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = read_text(out_file);
  result.err = read_text(err_file);
  return result;
}

/// `biasbound ARGS` as `ranks` processes of one mpirun job on this machine. OpenMPI refuses
/// root unless told (CI runs as root), and its shared-memory single-copy path needs ptrace
/// rights containers often lack; LeakSanitizer would report OpenMPI's own allocations.
inline CommandResult run_mpi(int ranks, const std::vector<std::string>& args,
                             const std::string& env = "") {
  return run_biasbound(
      args, 0,
      "env " + env +
          " OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 "
          "OMPI_MCA_btl_vader_single_copy_mechanism=none ASAN_OPTIONS=detect_leaks=0 "
          "mpirun --oversubscribe -n " +
          std::to_string(ranks) + " ");
}

inline std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == separator) {
      parts.emplace_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

/// Non-empty lines of a text (a trailing newline does not make an empty last line).
inline std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> lines;
  for (auto& line : split(text, '\n'))
    if (!line.empty()) lines.push_back(std::move(line));
  return lines;
}

/// A CSV file without quoted cells, as written by biasbound: header and rows of cells.
struct Csv {
  std::string header;
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;

  std::size_t column(const std::string& name) const {
    for (std::size_t i = 0; i < columns.size(); ++i)
      if (columns[i] == name) return i;
    throw std::runtime_error("no column " + name + " in header " + header);
  }
};

inline Csv read_csv(const fs::path& path) {
  const auto text = read_text(path);
  if (text.empty() || text.back() != '\n')
    throw std::runtime_error(path.string() + " does not end with a newline");
  auto lines = split(std::string_view(text).substr(0, text.size() - 1), '\n');
  Csv csv;
  csv.header = lines.at(0);
  csv.columns = split(csv.header, ',');
  for (std::size_t i = 1; i < lines.size(); ++i) csv.rows.push_back(split(lines[i], ','));
  return csv;
}

/// Parses a whole cell as a double ("inf" and "nan" included); throws if it is not a number.
inline double to_double(const std::string& cell) {
  if (cell.empty()) throw std::runtime_error("empty cell where a number was expected");
  errno = 0;
  char* end = nullptr;
  const double value = std::strtod(cell.c_str(), &end);
  if (end != cell.c_str() + cell.size()) throw std::runtime_error("not a number: '" + cell + "'");
  return value;
}

inline long long to_integer(const std::string& cell) {
  std::size_t used = 0;
  const long long value = std::stoll(cell, &used);
  if (used != cell.size()) throw std::runtime_error("not an integer: '" + cell + "'");
  return value;
}

inline nlohmann::json read_json(const fs::path& path) {
  return nlohmann::json::parse(read_text(path));
}

/// Lines of `text` that contain `word`.
inline std::vector<std::string> lines_containing(std::string_view text, std::string_view word) {
  std::vector<std::string> found;
  for (auto& line : lines_of(text))
    if (line.find(word) != std::string::npos) found.push_back(std::move(line));
  return found;
}

}  // namespace biasbound::cli_test

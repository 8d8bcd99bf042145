#pragma once
// Progress on stderr for long work: one updating line on a terminal, occasional lines otherwise.

#include <chrono>
#include <string>
#include <string_view>

namespace biasbound::core {

class Progress {
 public:
  /// `total` units of work; nothing is printed when `enabled` is false.
  Progress(std::string label, long long total, bool enabled);
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  ~Progress();

  /// Reports `done` units finished; `detail` is appended (e.g. "f=0.31").
  void update(long long done, std::string_view detail = {});
  void finish(std::string_view detail = {});

 private:
  void print(long long done, std::string_view detail, bool final);

  std::string label_;
  long long total_;
  bool enabled_;
  bool terminal_;
  bool finished_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_print_;
};

}  // namespace biasbound::core

#include "core/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

namespace biasbound::core {

using Clock = std::chrono::steady_clock;

Progress::Progress(std::string label, long long total, bool enabled)
    : label_(std::move(label)),
      total_(total),
      enabled_(enabled),
      terminal_(isatty(STDERR_FILENO) != 0),
      start_(Clock::now()),
      last_print_(start_) {}

Progress::~Progress() {
  if (enabled_ && terminal_ && !finished_) std::fputc('\n', stderr);
}

void Progress::update(long long done, std::string_view detail) {
  if (!enabled_) return;
  const auto now = Clock::now();
  // A terminal line can refresh often; a log file should get a line every few seconds at most.
  const auto interval = terminal_ ? std::chrono::milliseconds(200) : std::chrono::seconds(5);
  if (now - last_print_ < interval) return;
  last_print_ = now;
  print(done, detail, false);
}

void Progress::finish(std::string_view detail) {
  if (!enabled_ || finished_) return;
  print(total_, detail, true);
  finished_ = true;
}

void Progress::print(long long done, std::string_view detail, bool final) {
  const double seconds = std::chrono::duration<double>(Clock::now() - start_).count();
  const double percent =
      total_ > 0 ? 100.0 * static_cast<double>(done) / static_cast<double>(total_) : 100.0;
  const auto line =
      fmt::format("{}: {}/{} ({:.0f}%) {:.1f}s {}", label_, done, total_, percent, seconds, detail);
  if (terminal_)
    fmt::print(stderr, "\r\033[K{}{}", line, final ? "\n" : "");
  else
    fmt::print(stderr, "{}\n", line);
  std::fflush(stderr);
}

}  // namespace biasbound::core

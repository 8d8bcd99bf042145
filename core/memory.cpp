#include "core/memory.hpp"

#include <fmt/format.h>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <fstream>

#include "core/error.hpp"

namespace biasbound::core {
namespace {

std::optional<std::uint64_t> meminfo_available() {
  std::ifstream in("/proc/meminfo");
  std::string key;
  std::uint64_t kilobytes = 0;
  std::string unit;
  while (in >> key >> kilobytes >> unit)
    if (key == "MemAvailable:") return kilobytes * 1024;
  return std::nullopt;
}

std::optional<std::uint64_t> sysconf_available() {
  const long pages = sysconf(_SC_AVPHYS_PAGES);
  const long page = sysconf(_SC_PAGESIZE);
  if (pages <= 0 || page <= 0) return std::nullopt;
  return static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page);
}

std::optional<std::uint64_t> read_number(const std::string& path) {
  std::ifstream in(path);
  std::uint64_t value = 0;
  if (in >> value) return value;
  return std::nullopt;  // absent, or "max" (no limit)
}

// The cgroup v2 directory of this process ("0::/path" in /proc/self/cgroup).
std::string cgroup_dir() {
  std::ifstream in("/proc/self/cgroup");
  std::string line;
  while (std::getline(in, line))
    if (line.starts_with("0::")) return "/sys/fs/cgroup" + line.substr(3);
  return "/sys/fs/cgroup";
}

// A container's limit is not in MemAvailable, which counts the whole machine.
std::optional<std::uint64_t> cgroup_room() {
  const auto dir = cgroup_dir();
  const auto limit = read_number(dir + "/memory.max");
  if (!limit) return std::nullopt;
  const auto used = read_number(dir + "/memory.current").value_or(0);
  return *limit > used ? *limit - used : 0;
}

// Room under `ulimit -v`: the limit less the address space already mapped.
std::optional<std::uint64_t> address_space_room() {
  rlimit limit{};
  if (getrlimit(RLIMIT_AS, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return std::nullopt;
  std::ifstream statm("/proc/self/statm");
  std::uint64_t pages = 0;
  statm >> pages;
  const auto mapped = pages * static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
  return limit.rlim_cur > mapped ? limit.rlim_cur - mapped : 0;
}

}  // namespace

std::optional<std::uint64_t> available_memory() {
  std::optional<std::uint64_t> room = meminfo_available();
  if (!room) room = sysconf_available();
  for (const auto& limit : {cgroup_room(), address_space_room()})
    if (limit) room = room ? std::min(*room, *limit) : *limit;
  return room;
}

std::string format_bytes(double bytes) {
  if (bytes < 1000) return fmt::format("{:.0f} bytes", bytes);
  constexpr std::array<const char*, 6> kUnits = {"kB", "MB", "GB", "TB", "PB", "EB"};
  std::size_t unit = 0;
  bytes /= 1000;
  while (bytes >= 1000 && unit + 1 < kUnits.size()) {
    bytes /= 1000;
    ++unit;
  }
  return fmt::format("{:.3g} {}", bytes, kUnits[unit]);
}

void require_memory(double bytes, std::string_view what) {
  const auto available = available_memory();
  if (!available || bytes <= static_cast<double>(*available)) return;
  throw input_error("{} needs at least {} of memory; {} are available", what, format_bytes(bytes),
                    format_bytes(static_cast<double>(*available)));
}

}  // namespace biasbound::core

#pragma once
// Memory checked before it is allocated. Inputs that set sizes (a feature index, n, --points,
// iterations) can ask for more memory than the machine has; allocating it anyway ends in
// std::bad_alloc, in swapping, or in the kernel's OOM killer. Sizes are checked up front
// instead, so the error names the input that asked for them.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace biasbound::core {

/// Bytes this process can still allocate: MemAvailable from /proc/meminfo (sysconf's available
/// pages when that is unreadable), lowered to the room left under a cgroup v2 memory.max and
/// under RLIMIT_AS. nullopt when none of these is known.
std::optional<std::uint64_t> available_memory();

/// "16 GB", "512 MB", "3.2 kB", "17 bytes": sizes people can read (decimal units).
std::string format_bytes(double bytes);

/// Throws an InputError "{what} needs at least {bytes} of memory; {available} are available"
/// when `bytes` exceed the available memory. `bytes` is a double so that products of sizes
/// cannot overflow. Does nothing when the available memory is unknown.
void require_memory(double bytes, std::string_view what);

}  // namespace biasbound::core

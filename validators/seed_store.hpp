#pragma once
// Finished seeds of a validation, one file each (DIR/seeds/seed-S.csv), written atomically when
// the seed finishes: a killed validation loses only the seeds still running, and re-running it
// loads the finished ones instead of recomputing them. A seed that diverged is kept the same
// way, its trace up to the divergence (the last row holds the non-finite value), beside
// DIR/seeds/seed-S.diverged.txt saying where it diverged; loading it gives back the divergence.

#include <cstdint>
#include <filesystem>
#include <optional>

#include "methods/seed_run.hpp"

namespace biasbound::validators {

class SeedStore {
 public:
  explicit SeedStore(std::filesystem::path dir);

  /// The seed's trace if a finished file for it exists with `iterations` + 1 rows, or a
  /// diverged one with at most that many (trace.divergence set); a file that exists but cannot
  /// be read back is an InputError naming it.
  std::optional<methods::SeedTrace> load(std::uint64_t seed, long long iterations) const;
  /// Writes to a temporary file and renames it into place.
  void save(const methods::SeedTrace& trace) const;

  std::filesystem::path path(std::uint64_t seed) const;
  /// Where a diverged seed's divergence is recorded, one line.
  std::filesystem::path divergence_path(std::uint64_t seed) const;

 private:
  std::filesystem::path dir_;
};

}  // namespace biasbound::validators

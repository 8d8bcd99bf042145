#pragma once
// Finished seeds of a validation, one file each (DIR/seeds/seed-S.csv), written atomically when
// the seed finishes: a killed validation loses only the seeds still running, and re-running it
// loads the finished ones instead of recomputing them.

#include <cstdint>
#include <filesystem>
#include <optional>

#include "methods/seed_run.hpp"

namespace biasbound::validators {

class SeedStore {
 public:
  explicit SeedStore(std::filesystem::path dir);

  /// The seed's trace if a finished file for it exists with `iterations` + 1 rows; a file that
  /// exists but cannot be read back is an InputError naming it.
  std::optional<methods::SeedTrace> load(std::uint64_t seed, long long iterations) const;
  /// Writes to a temporary file and renames it into place.
  void save(const methods::SeedTrace& trace) const;

  std::filesystem::path path(std::uint64_t seed) const;

 private:
  std::filesystem::path dir_;
};

}  // namespace biasbound::validators

#pragma once
// `biasbound check --compressors A,B,...`: the seed paper's trade-off table under limited
// information exchange. One row per compressor, first uncompressed fp32 ("identity"): its
// closed-form constant (δ or α), γ_max, the step used (the given γ, or the one reaching ε in the
// fewest iterations), iterations to ε, bits to ε (uplink and downlink) and the ratio of its
// total bits to fp32's. A compressor without the constant the statement needs is checked
// against the sibling statement of the same method that it fits (compressed-gd-contraction ↔
// unbiased-compressed-gd, same regime), or reported as not covered.

#include <optional>
#include <string>
#include <vector>

#include "core/json_io.hpp"
#include "theory/check.hpp"

namespace biasbound::validators {

struct CompressorTableArgs {
  theory::CheckArgs check;  // statement, constants, --F0, --eps; --gamma or gamma_for_eps
  std::vector<std::string> compressors;
  int dim = 0;
  int workers = 1;
};

struct CompressorRow {
  std::string compressor;
  std::optional<theory::CheckResult> result;  // empty when no statement covers it
  std::string not_covered;                    // why, when empty
  std::optional<theory::Wide> bits_ratio;     // total bits to ε over fp32's
  std::optional<theory::Wide> uplink_ratio;   // uplink bits to ε over fp32's
};

struct CompressorTable {
  std::string theorem;  // the requested id
  std::vector<CompressorRow> rows;

  core::Json to_json() const;
  std::string to_text() const;
};

/// Bad input (a spec, --delta or --alpha given beside --compressors, no --eps) is an InputError.
CompressorTable compressor_table(const CompressorTableArgs& args);

}  // namespace biasbound::validators

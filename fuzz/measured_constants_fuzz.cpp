// Fuzzes the reader of measure.json (theory/measured_constants.*) and its use by `check
// --constants`, which picks the frontier point with the smallest residual. A malformed or
// impossible file must be an InputError.

#include <cstddef>
#include <cstdint>

#include "core/error.hpp"
#include "fuzz/fuzz_support.hpp"
#include "theory/check.hpp"
#include "theory/measured_constants.hpp"

namespace theory = biasbound::theory;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static biasbound::fuzz::InputFile file("measure.json");
  file.write(data, size);
  try {
    const auto constants = theory::read_measured_constants(file.path());
    for (const auto& point : constants.bias) BIASBOUND_FUZZ_CHECK(point.m >= 0);
  } catch (const biasbound::core::InputError&) {
    return 0;
  }
  // A theorem with both pairs (biased SGD), and one that takes only σ², with M = 0 (M-DSGD).
  using theory::Symbol;
  theory::CheckArgs sgd, mdsgd;
  sgd.theorem = "biased-sgd-nonconvex";
  sgd.values = {{Symbol::L, "1"}, {Symbol::gamma, "0.01"}, {Symbol::F0, "1"}};
  mdsgd.theorem = "mdsgd-nonconvex";
  mdsgd.values = {{Symbol::L, "1"}, {Symbol::gamma, "0.01"}, {Symbol::G2, "1"},
                  {Symbol::n, "4"}, {Symbol::delta, "0.5"},  {Symbol::beta_tilde, "0.5"},
                  {Symbol::F0, "1"}};
  for (auto* args : {&sgd, &mdsgd}) {
    args->constants_file = file.path().string();
    args->T = "1000";
    try {
      (void)theory::check(*args);
    } catch (const biasbound::core::InputError&) {
    }
  }
  return 0;
}

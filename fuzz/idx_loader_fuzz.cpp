// Fuzzes the IDX reader (problems/idx_loader.*) with raw and gzip-compressed files. A malformed
// file must be an InputError; a file that reads must hold exactly prod(dims) bytes.

#include <cstddef>
#include <cstdint>

#include "core/error.hpp"
#include "fuzz/fuzz_support.hpp"
#include "problems/idx_loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static biasbound::fuzz::InputFile file("idx");
  file.write(data, size);
  try {
    const auto array = biasbound::problems::read_idx(file.path());
    std::size_t count = 1;
    for (int dim : array.dims) {
      BIASBOUND_FUZZ_CHECK(dim > 0);
      count *= static_cast<std::size_t>(dim);
    }
    BIASBOUND_FUZZ_CHECK(!array.dims.empty() && array.dims.size() <= 4);
    BIASBOUND_FUZZ_CHECK(array.data.size() == count);
  } catch (const biasbound::core::InputError&) {
  }
  return 0;
}

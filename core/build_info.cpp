#include "core/build_info.hpp"

#include <fmt/format.h>
#include <zlib.h>

#include <Eigen/Core>
#include <boost/version.hpp>

namespace biasbound::core {

Json build_info() {
  return Json{
      {"biasbound", BIASBOUND_VERSION},
      {"compiler", fmt::format("{} {}", "gcc-compatible", __VERSION__)},
      {"native_vectorisation", BIASBOUND_NATIVE_BUILD != 0},
      {"libraries",
       {{"eigen", fmt::format("{}.{}.{}", EIGEN_WORLD_VERSION, EIGEN_MAJOR_VERSION,
                              EIGEN_MINOR_VERSION)},
        {"boost", fmt::format("{}.{}.{}", BOOST_VERSION / 100000, BOOST_VERSION / 100 % 1000,
                              BOOST_VERSION % 100)},
        {"fmt", fmt::format("{}.{}.{}", FMT_VERSION / 10000, FMT_VERSION / 100 % 100,
                            FMT_VERSION % 100)},
        {"nlohmann_json", fmt::format("{}.{}.{}", NLOHMANN_JSON_VERSION_MAJOR,
                                      NLOHMANN_JSON_VERSION_MINOR, NLOHMANN_JSON_VERSION_PATCH)},
        {"zlib", ZLIB_VERSION}}}};
}

}  // namespace biasbound::core

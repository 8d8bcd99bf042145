#include "core/build_info.hpp"

#include <fmt/format.h>
#include <zlib.h>

#include <Eigen/Core>
#include <boost/version.hpp>

namespace biasbound::core {

namespace {

std::string compiler() {
#if defined(__clang__)
  return fmt::format("clang {}", __clang_version__);
#elif defined(__GNUC__)
  return fmt::format("gcc {}", __VERSION__);
#else
  return "unknown";
#endif
}

}  // namespace

Json build_info() {
  return Json{
      {"biasbound", BIASBOUND_VERSION},
      {"compiler", compiler()},
      {"native_vectorisation", BIASBOUND_NATIVE_BUILD != 0},
      {"libraries",
       {{"eigen",
         fmt::format("{}.{}.{}", EIGEN_WORLD_VERSION, EIGEN_MAJOR_VERSION, EIGEN_MINOR_VERSION)},
        {"boost", fmt::format("{}.{}.{}", BOOST_VERSION / 100000, BOOST_VERSION / 100 % 1000,
                              BOOST_VERSION % 100)},
        {"fmt",
         fmt::format("{}.{}.{}", FMT_VERSION / 10000, FMT_VERSION / 100 % 100, FMT_VERSION % 100)},
        {"nlohmann_json", fmt::format("{}.{}.{}", NLOHMANN_JSON_VERSION_MAJOR,
                                      NLOHMANN_JSON_VERSION_MINOR, NLOHMANN_JSON_VERSION_PATCH)},
        {"zlib", ZLIB_VERSION}}}};
}

}  // namespace biasbound::core

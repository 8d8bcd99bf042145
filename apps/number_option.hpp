#pragma once
// Numeric flags read with the one number grammar of spec strings (core::parse_double): decimal
// digits with an optional sign, fraction and exponent. CLI11 alone reads integers with strtoll
// in base 0 and doubles with strtold, so it takes 0x10 as 16, 010 as 8, -1 as 2^64 − 1 for an
// unsigned seed, and nan or inf as numbers; here each of those is a parse error naming the flag.

#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>

namespace biasbound::apps {

/// A finite decimal number.
CLI::Option* add_number(CLI::App* cmd, const std::string& flag, double& target,
                        const std::string& help);
/// A whole number (exponent notation such as 1e6 allowed) that fits the target type.
CLI::Option* add_number(CLI::App* cmd, const std::string& flag, int& target,
                        const std::string& help);
CLI::Option* add_number(CLI::App* cmd, const std::string& flag, long long& target,
                        const std::string& help);
CLI::Option* add_number(CLI::App* cmd, const std::string& flag, std::optional<int>& target,
                        const std::string& help);
/// A whole number in [0, 2^64 − 1]: a negative one is an error, never a wrapped-around seed.
CLI::Option* add_number(CLI::App* cmd, const std::string& flag, std::uint64_t& target,
                        const std::string& help);

}  // namespace biasbound::apps

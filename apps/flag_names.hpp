#pragma once
// The library's errors name the options field that is wrong ("RunConfig.gamma = -1: must be a
// finite number > 0", core::field_error); a command-line user set a flag, not a field. Each
// command lists the flag it reads each field from, next to where it defines the flags, and its
// errors are reworded with that list ("--gamma -1: must be a finite number > 0").

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace biasbound::apps {

/// {"RunConfig.gamma", "--gamma"}: the flag each options field is read from.
using FlagNames = std::vector<std::pair<std::string, std::string>>;

/// `message` with "Struct.field = " written "--flag " and any other "Struct.field" written
/// "--flag", for every field in `flags`.
std::string in_flag_terms(std::string message, const FlagNames& flags);

/// `run` with the InputError or DivergenceError it throws reworded by in_flag_terms (same type,
/// same field()).
std::function<int()> naming_flags(FlagNames flags, std::function<int()> run);

/// parse(text), an InputError it throws prefixed with the flag `text` came from: for library
/// parsers of flag values (methods::parse_init, methods::parse_probes), whose errors name only
/// the text.
template <class Parse>
auto parse_flag(std::string_view flag, const std::string& text, Parse parse) {
  try {
    return parse(text);
  } catch (const core::InputError& e) {
    throw core::input_error("{}: {}", flag, e.what());
  }
}

}  // namespace biasbound::apps

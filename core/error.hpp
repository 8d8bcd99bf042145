#pragma once
// Error types shared by every module. Each message names the input that was wrong.

#include <fmt/format.h>

#include <stdexcept>
#include <string>

namespace biasbound::core {

/// Bad user input: a spec string, a parameter, a data file. The message names the input.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A run that left the finite numbers (NaN/Inf iterate, value or gradient). The message names
/// the seed and the iteration.
class DivergenceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Builds an InputError from a fmt format string.
template <typename... Args>
InputError input_error(fmt::format_string<Args...> format, Args&&... args) {
  return InputError(fmt::format(format, std::forward<Args>(args)...));
}

}  // namespace biasbound::core

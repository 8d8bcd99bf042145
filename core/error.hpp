#pragma once
// Error types shared by every module. Each message names the input that was wrong.

#include <fmt/format.h>

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace biasbound::core {

/// Bad user input: a spec string, a parameter, a data file. The message names the input.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
  InputError(const std::string& message, std::string field)
      : std::runtime_error(message), field_(std::move(field)) {}

  /// The options field the error is about, as "Struct.field" (see field_error); empty when the
  /// input is not a field, e.g. a spec string or a file. A client that reads the field from its
  /// own input (a flag, a key) can say so by rewriting "Struct.field = " in the message.
  const std::string& field() const { return field_; }

 private:
  std::string field_;
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

/// An invalid field of an options struct, worded as Ceres words an invalid Solver::Options:
/// "MomentumParams.gamma = -1: must be a finite number > 0". `field` is "Struct.field"; `why`
/// may name other fields the same way ("Struct.other = value").
template <typename Value>
InputError field_error(std::string field, const Value& value, std::string_view why) {
  auto message = fmt::format("{} = {}: {}", field, value, why);
  return InputError(message, std::move(field));
}

/// The same for two fields that are valid alone but not together (Ceres' OPTION_LE_OPTION):
/// "RunConfig.first_seed = 18446744073709551615 with RunConfig.seeds = 3: ...". field() is the
/// first one.
template <typename Value, typename Other>
InputError fields_error(std::string field, const Value& value, std::string_view other,
                        const Other& other_value, std::string_view why) {
  auto message = fmt::format("{} = {} with {} = {}: {}", field, value, other, other_value, why);
  return InputError(message, std::move(field));
}

}  // namespace biasbound::core

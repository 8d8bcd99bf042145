#include "apps/number_option.hpp"

#include <fmt/format.h>

#include <limits>

#include "core/spec.hpp"

namespace biasbound::apps {
namespace {

// The value is parsed here, so CLI11's own conversion never sees the text; `read` throws a
// CLI::ValidationError, which the command line reports as bad input (exit 2).
template <class T, class Read>
CLI::Option* add(CLI::App* cmd, const std::string& flag, T& target, const std::string& help,
                 const char* type, Read read) {
  auto* option = cmd->add_option_function<std::string>(
      flag, [&target, flag, read](const std::string& text) { target = read(flag, text); }, help);
  // default_val(x) then sets the target through the same grammar.
  return option->type_name(type)->run_callback_for_default();
}

[[noreturn]] void bad(const std::string& flag, const std::string& text, std::string_view what) {
  throw CLI::ValidationError(flag, fmt::format("'{}' is not {}", text, what));
}

double read_double(const std::string& flag, const std::string& text) {
  const auto value = core::parse_double(text);
  if (!value) bad(flag, text, "a finite decimal number (such as 0.5 or 1e-3)");
  return *value;
}

template <class T>
T read_whole(const std::string& flag, const std::string& text) {
  const auto value = core::parse_integer(text);
  if (!value) bad(flag, text, "a whole number (such as 8 or 1e6)");
  if (*value < std::numeric_limits<T>::min() || *value > std::numeric_limits<T>::max())
    throw CLI::ValidationError(
        flag, fmt::format("{} is out of range ({} to {})", text, std::numeric_limits<T>::min(),
                          std::numeric_limits<T>::max()));
  return static_cast<T>(*value);
}

std::uint64_t read_unsigned(const std::string& flag, const std::string& text) {
  const auto value = core::parse_unsigned(text);
  if (!value) {
    const auto negative = core::parse_integer(text);
    bad(flag, text,
        negative && *negative < 0 ? "a whole number >= 0 (negative numbers are not accepted)"
                                  : "a whole number from 0 to 18446744073709551615");
  }
  return *value;
}

}  // namespace

CLI::Option* add_number(CLI::App* cmd, const std::string& flag, double& target,
                        const std::string& help) {
  return add(cmd, flag, target, help, "FLOAT", read_double);
}

CLI::Option* add_number(CLI::App* cmd, const std::string& flag, int& target,
                        const std::string& help) {
  return add(cmd, flag, target, help, "INT", read_whole<int>);
}

CLI::Option* add_number(CLI::App* cmd, const std::string& flag, long long& target,
                        const std::string& help) {
  return add(cmd, flag, target, help, "INT", read_whole<long long>);
}

CLI::Option* add_number(CLI::App* cmd, const std::string& flag, std::optional<int>& target,
                        const std::string& help) {
  return add(cmd, flag, target, help, "INT", read_whole<int>);
}

CLI::Option* add_number(CLI::App* cmd, const std::string& flag, std::uint64_t& target,
                        const std::string& help) {
  return add(cmd, flag, target, help, "UINT", read_unsigned);
}

}  // namespace biasbound::apps

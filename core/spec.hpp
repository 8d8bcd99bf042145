#pragma once
// The one spec grammar used everywhere (CLI and scenario files):
//   spec     := name [":" key "=" value ("," key "=" value)*]
//   pipeline := spec ("+" spec)*
// A "+" separates stages only when a letter follows it, so values such as 1e+3 stay intact.

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace biasbound::core {

struct Spec {
  std::string name{};
  std::vector<std::pair<std::string, std::string>> params{};  // in the order written
  std::string text{};                                         // the original text, for messages
};

/// Parses one spec; `what` names its role in error messages ("problem", "estimator stage").
Spec parse_spec(std::string_view text, std::string_view what);

/// Parses stages joined by "+".
std::vector<Spec> parse_pipeline(std::string_view text, std::string_view what);

/// Splits a comma-separated list of specs. A piece with '=' but no ':' is a key=value of the
/// spec before it, so "randk:k=10,scaled=true,qsgd:s=4" is two specs. Empty pieces are
/// InputErrors naming `what`.
std::vector<std::string> split_spec_list(std::string_view text, std::string_view what);

/// Reads typed values from a Spec. Every key read is recorded as accepted; finish() rejects
/// the keys that were never read, listing the accepted ones.
class SpecReader {
 public:
  SpecReader(const Spec& spec, std::string_view what);

  std::optional<double> number(std::string_view key);
  double number(std::string_view key, double fallback);
  std::optional<long long> integer(std::string_view key);
  long long integer(std::string_view key, long long fallback);
  std::optional<std::string> string(std::string_view key);
  std::string string(std::string_view key, std::string_view fallback);
  bool boolean(std::string_view key, bool fallback);
  std::string choice(std::string_view key, std::initializer_list<std::string_view> allowed,
                     std::string_view fallback);

  /// Throws InputError if the spec holds a key that no accessor asked for.
  void finish() const;

  const Spec& spec() const { return spec_; }
  /// "problem 'quadratic:d=0'" — the prefix of every message about this spec.
  std::string where() const;

 private:
  const std::string* find(std::string_view key);

  const Spec& spec_;
  std::string what_;
  std::vector<std::string> accepted_;
};

// The one number grammar of spec values and numeric flags: decimal digits with an optional
// sign, fraction and exponent ("0.5", "-2", "1e-3", "1E+6"). No hex, no nan or inf, no blanks.

/// Parses a whole string as a finite double; nullopt if it is not one.
std::optional<double> parse_double(std::string_view text);
/// Parses a whole string as an integer (also integral exponent notation such as 1e6);
/// nullopt if it is not one.
std::optional<long long> parse_integer(std::string_view text);
/// Parses a whole string as an integer in [0, 2^64 − 1], as parse_integer; nullopt for
/// anything else, negative numbers included (they would wrap around).
std::optional<std::uint64_t> parse_unsigned(std::string_view text);

}  // namespace biasbound::core

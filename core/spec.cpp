#include "core/spec.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

#include "core/error.hpp"

namespace biasbound::core {
namespace {

bool is_identifier(std::string_view s) {
  if (s.empty() || !std::isalpha(static_cast<unsigned char>(s.front()))) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
  });
}

std::vector<std::string_view> split(std::string_view text, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == sep) {
      parts.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

}  // namespace

std::optional<double> parse_double(std::string_view text) {
  // from_chars takes "-" but not "+"; a lone sign or "+-" stays an error.
  if (text.starts_with('+') && text.size() > 1 && text[1] != '-') text.remove_prefix(1);
  double value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::optional<long long> parse_integer(std::string_view text) {
  long long value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec == std::errc() && ptr == end) return value;
  // Accept integral floating notation such as 1e3.
  auto as_double = parse_double(text);
  if (as_double && std::trunc(*as_double) == *as_double && std::abs(*as_double) < 9e18)
    return static_cast<long long>(*as_double);
  return std::nullopt;
}

std::optional<std::uint64_t> parse_unsigned(std::string_view text) {
  if (text.starts_with('-')) return std::nullopt;
  if (text.starts_with('+') && text.size() > 1 && text[1] != '-') text.remove_prefix(1);
  std::uint64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec == std::errc() && ptr == end) return value;
  auto as_double = parse_double(text);
  if (as_double && std::trunc(*as_double) == *as_double && *as_double >= 0 && *as_double < 1.8e19)
    return static_cast<std::uint64_t>(*as_double);
  return std::nullopt;
}

Spec parse_spec(std::string_view text, std::string_view what) {
  Spec spec;
  spec.text = std::string(text);
  const auto colon = text.find(':');
  spec.name = std::string(text.substr(0, colon));
  if (!is_identifier(spec.name))
    throw input_error("{} '{}': expected a name such as 'topk' before ':'", what, text);
  if (colon == std::string_view::npos) return spec;
  const auto body = text.substr(colon + 1);
  if (body.empty()) throw input_error("{} '{}': nothing after ':'", what, text);
  for (auto item : split(body, ',')) {
    const auto eq = item.find('=');
    if (eq == std::string_view::npos || eq == 0 || eq + 1 == item.size())
      throw input_error("{} '{}': expected key=value, got '{}'", what, text, item);
    std::string key(item.substr(0, eq));
    if (!is_identifier(key)) throw input_error("{} '{}': bad key '{}'", what, text, key);
    for (const auto& [k, v] : spec.params)
      if (k == key) throw input_error("{} '{}': key '{}' given twice", what, text, key);
    spec.params.emplace_back(std::move(key), std::string(item.substr(eq + 1)));
  }
  return spec;
}

std::vector<Spec> parse_pipeline(std::string_view text, std::string_view what) {
  if (text.empty()) throw input_error("{}: empty specification", what);
  if (text.back() == '+') throw input_error("{} '{}': a stage must follow '+'", what, text);
  std::vector<Spec> stages;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    const bool separator = i < text.size() && text[i] == '+' && i + 1 < text.size() &&
                           std::isalpha(static_cast<unsigned char>(text[i + 1]));
    if (i == text.size() || separator) {
      stages.push_back(parse_spec(text.substr(start, i - start), what));
      start = i + 1;
    }
  }
  return stages;
}

std::vector<std::string> split_spec_list(std::string_view text, std::string_view what) {
  std::vector<std::string> specs;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = std::min(text.find(',', start), text.size());
    const auto piece = text.substr(start, end - start);
    if (piece.empty()) throw input_error("{} '{}': an empty spec between commas", what, text);
    const bool parameter = piece.find('=') != piece.npos && piece.find(':') == piece.npos;
    if (parameter && !specs.empty())
      specs.back().append(",").append(piece);
    else
      specs.emplace_back(piece);
    start = end + 1;
  }
  return specs;
}

SpecReader::SpecReader(const Spec& spec, std::string_view what) : spec_(spec), what_(what) {}

std::string SpecReader::where() const {
  return fmt::format("{} '{}'", what_, spec_.text);
}

const std::string* SpecReader::find(std::string_view key) {
  accepted_.emplace_back(key);
  for (const auto& [k, v] : spec_.params)
    if (k == key) return &v;
  return nullptr;
}

std::optional<double> SpecReader::number(std::string_view key) {
  const auto* raw = find(key);
  if (!raw) return std::nullopt;
  auto value = parse_double(*raw);
  if (!value)
    throw input_error("{}: key '{}' expects a finite number, got '{}'", where(), key, *raw);
  return value;
}

double SpecReader::number(std::string_view key, double fallback) {
  return number(key).value_or(fallback);
}

std::optional<long long> SpecReader::integer(std::string_view key) {
  const auto* raw = find(key);
  if (!raw) return std::nullopt;
  auto value = parse_integer(*raw);
  if (!value) throw input_error("{}: key '{}' expects an integer, got '{}'", where(), key, *raw);
  return value;
}

long long SpecReader::integer(std::string_view key, long long fallback) {
  return integer(key).value_or(fallback);
}

std::optional<std::string> SpecReader::string(std::string_view key) {
  const auto* raw = find(key);
  if (!raw) return std::nullopt;
  return *raw;
}

std::string SpecReader::string(std::string_view key, std::string_view fallback) {
  return string(key).value_or(std::string(fallback));
}

bool SpecReader::boolean(std::string_view key, bool fallback) {
  const auto value = choice(key, {"true", "false"}, fallback ? "true" : "false");
  return value == "true";
}

std::string SpecReader::choice(std::string_view key,
                               std::initializer_list<std::string_view> allowed,
                               std::string_view fallback) {
  auto value = string(key, fallback);
  if (std::find(allowed.begin(), allowed.end(), value) == allowed.end())
    throw input_error("{}: key '{}' must be one of {}, got '{}'", where(), key,
                      fmt::join(allowed, "|"), value);
  return value;
}

void SpecReader::finish() const {
  for (const auto& [key, value] : spec_.params) {
    if (std::find(accepted_.begin(), accepted_.end(), key) == accepted_.end())
      throw input_error("{}: unknown key '{}' (accepted: {})", where(), key,
                        fmt::join(accepted_, ", "));
  }
}

}  // namespace biasbound::core

#include "validators/compressor_table.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "core/error.hpp"
#include "theory/catalog.hpp"
#include "theory/check_report.hpp"
#include "theory/decimal.hpp"
#include "theory/suggested_step.hpp"
#include "validators/compressor_check.hpp"

namespace biasbound::validators {
namespace {

using theory::Symbol;
using theory::Wide;

constexpr const char* kFp32 = "identity";

// The other statement about x_{k+1} = x_k − γC(∇f(x_k)), for compressors of the other class.
std::string sibling(const std::string& id) {
  if (id == "compressed-gd-contraction") return "unbiased-compressed-gd";
  if (id == "unbiased-compressed-gd") return "compressed-gd-contraction";
  return {};
}

std::optional<std::string> covering_id(const std::string& requested, const std::string& spec,
                                       int dim) {
  for (const auto& id : {requested, sibling(requested)}) {
    if (id.empty()) continue;
    const auto symbol = compressor_constant(id);
    if (!symbol || has_closed_form(spec, *symbol, dim)) return id;
  }
  return std::nullopt;
}

// The catalog's ids whose statements take a compressor constant.
std::vector<std::string> comparable_ids() {
  std::vector<std::string> ids;
  for (const auto& id : theory::theorem_ids())
    if (compressor_constant(id)) ids.push_back(id);
  return ids;
}

void check_args(const CompressorTableArgs& args) {
  if (!compressor_constant(args.check.theorem))
    throw core::input_error(
        "--compressors: {} has no compressor constant (δ or α) to compare; use one of {}",
        args.check.theorem, fmt::join(comparable_ids(), ", "));
  for (Symbol s : {Symbol::delta, Symbol::alpha})
    if (args.check.values.count(s))
      throw core::input_error(
          "--compressors takes each compressor's {} from its closed form: "
          "drop --{}",
          s == Symbol::delta ? "δ" : "α", s == Symbol::delta ? "delta" : "alpha");
  if (!args.check.eps)
    throw core::input_error("--compressors compares the bits to reach ε: give --eps (and --F0)");
  if (args.compressors.empty())
    throw core::input_error("--compressors: give at least one compressor spec");
}

CompressorRow row_of(const CompressorTableArgs& args, const std::string& spec) {
  CompressorRow row;
  row.compressor = spec;
  const auto id = covering_id(args.check.theorem, spec, args.dim);
  if (!id) {
    const auto symbol = *compressor_constant(args.check.theorem);
    row.not_covered = fmt::format("{} states no {} in closed form, which {} needs", spec,
                                  symbol == Symbol::delta ? "δ" : "α", args.check.theorem);
    return row;
  }
  auto check = args.check;
  check.theorem = *id;
  apply_compressor(check, spec, args.dim, args.workers);
  row.result = theory::check(check);
  return row;
}

std::optional<Wide> total_bits(const CompressorRow& row) {
  if (!row.result || !row.result->bits_to_eps || row.result->bits_to_eps->never)
    return std::nullopt;
  return row.result->bits_to_eps->uplink + row.result->bits_to_eps->downlink;
}

std::optional<Wide> uplink_bits(const CompressorRow& row) {
  if (!row.result || !row.result->bits_to_eps || row.result->bits_to_eps->never)
    return std::nullopt;
  return row.result->bits_to_eps->uplink;
}

// Columns as wide as their widest cell, two spaces apart; the first three (text) left-aligned.
std::string aligned(const std::vector<std::vector<std::string>>& cells) {
  std::vector<std::size_t> widths(cells.front().size(), 0);
  const auto width = [](const std::string& text) {  // code points, not bytes (γ, ×, δ)
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
  };
  for (const auto& row : cells)
    for (std::size_t j = 0; j < row.size(); ++j) widths[j] = std::max(widths[j], width(row[j]));
  std::string out;
  for (const auto& row : cells) {
    for (std::size_t j = 0; j < row.size(); ++j) {
      const std::string pad(widths[j] - width(row[j]), ' ');
      out += (j == 0 ? "" : "  ") + (j < 3 ? row[j] + pad : pad + row[j]);
    }
    out += "\n";
  }
  return out;
}

std::string number_text(const Wide& x) {
  return theory::format_number(x, 6);
}

// The compressor's constant as the row used it, e.g. "α = 10".
std::string constant_text(const theory::CheckResult& r) {
  for (Symbol s : {Symbol::delta, Symbol::alpha})
    if (r.theorem->info().needs(s))
      return fmt::format("{} = {}", s == Symbol::delta ? "δ" : "α",
                         theory::format_readable(r.inputs.at(s).value, 6));
  return "-";
}

std::string iterations_text(const theory::CheckResult& r) {
  if (!r.iterations_to_eps) return "-";
  return r.iterations_to_eps->never ? "never" : number_text(r.iterations_to_eps->count);
}

}  // namespace

CompressorTable compressor_table(const CompressorTableArgs& args) {
  check_args(args);
  CompressorTable table;
  table.theorem = args.check.theorem;
  table.rows.push_back(row_of(args, kFp32));
  for (const auto& spec : args.compressors)
    if (spec != kFp32) table.rows.push_back(row_of(args, spec));
  const auto fp32 = total_bits(table.rows.front());
  const auto fp32_up = uplink_bits(table.rows.front());
  for (auto& row : table.rows) {
    if (const auto bits = total_bits(row); bits && fp32 && *fp32 > 0)
      row.bits_ratio = *bits / *fp32;
    if (const auto up = uplink_bits(row); up && fp32_up && *fp32_up > 0)
      row.uplink_ratio = *up / *fp32_up;
  }
  return table;
}

core::Json CompressorTable::to_json() const {
  core::Json out = {{"theorem", theorem}, {"rows", core::Json::array()}};
  for (const auto& row : rows) {
    core::Json entry = {{"compressor", row.compressor}, {"covered", row.result.has_value()}};
    if (row.result) entry["check"] = theory::to_json(*row.result);
    if (!row.not_covered.empty()) entry["not_covered"] = row.not_covered;
    const auto ratio = [](const std::optional<Wide>& x) {
      return x ? core::Json(theory::convert<double>(*x)) : core::Json(nullptr);
    };
    entry["bits_ratio_to_fp32"] = ratio(row.bits_ratio);
    entry["uplink_ratio_to_fp32"] = ratio(row.uplink_ratio);
    out["rows"].push_back(entry);
  }
  return out;
}

std::string CompressorTable::to_text() const {
  std::vector<std::vector<std::string>> cells = {{"compressor", "statement", "constant", "γ",
                                                  "γ_max", "iterations", "bits up", "bits down",
                                                  "up × fp32", "total × fp32"}};
  std::vector<std::string> uncovered;
  for (const auto& row : rows) {
    if (!row.result) {
      uncovered.push_back(fmt::format("{}: not covered ({})", row.compressor, row.not_covered));
      continue;
    }
    const auto& r = *row.result;
    const bool counted = r.bits_to_eps && !r.bits_to_eps->never;
    cells.push_back(
        {row.compressor,
         fmt::format("{} ({})", r.theorem->info().id,
                     theory::regime_name(r.theorem->info().regime)),
         constant_text(r),
         theory::shortest_decimal(theory::convert<double>(r.inputs.at(Symbol::gamma).value)),
         r.gamma_max.suggested ? theory::shortest_decimal(*r.gamma_max.suggested) : "none",
         iterations_text(r), counted ? number_text(r.bits_to_eps->uplink) : "-",
         counted ? number_text(r.bits_to_eps->downlink) : "-",
         row.uplink_ratio ? number_text(*row.uplink_ratio) : "-",
         row.bits_ratio ? number_text(*row.bits_ratio) : "-"});
  }
  std::string out = fmt::format(
      "compressors under {}: bits to reach ε = iterations × workers × bits per message; the "
      "downlink is x, 32d bits to each worker\n\n{}",
      theorem, aligned(cells));
  for (const auto& line : uncovered) out += line + "\n";
  return out;
}

}  // namespace biasbound::validators

#include "theory/explain.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "theory/assumption.hpp"
#include "theory/catalog.hpp"
#include "theory/quantity.hpp"

namespace biasbound::theory {
namespace {

constexpr std::size_t kWidth = 100;

// Counts code points, not bytes, so that Unicode math wraps like the terminal shows it.
std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (unsigned char c : text) width += (c & 0xC0) != 0x80;
  return width;
}

// The end of the word starting at `start`: the next space outside parentheses, so that a
// formula such as "1/((M + 1)L)" is never split across lines.
std::size_t word_end(std::string_view text, std::size_t start) {
  int depth = 0;
  for (std::size_t i = start; i < text.size(); ++i) {
    if (text[i] == '(') ++depth;
    if (text[i] == ')') --depth;
    if (text[i] == ' ' && depth <= 0) return i;
  }
  return text.size();
}

// `text` broken into lines of at most kWidth columns, each line starting with `indent`.
std::string wrap(std::string_view text, std::string_view indent) {
  std::string out, line;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = word_end(text, start);
    const std::string_view word = text.substr(start, end - start);
    if (!line.empty() &&
        display_width(indent) + display_width(line) + 1 + display_width(word) > kWidth) {
      out += fmt::format("{}{}\n", indent, line);
      line.clear();
    }
    if (!line.empty()) line += ' ';
    line += word;
    start = end + 1;
  }
  if (!line.empty()) out += fmt::format("{}{}\n", indent, line);
  return out;
}

// Every line of `text` indented by two spaces.
std::string indented(std::string_view text) {
  std::string out = "  ";
  for (char c : text) out += c == '\n' ? std::string("\n  ") : std::string(1, c);
  return out + "\n";
}

std::string assumptions_text(const TheoremInfo& info) {
  std::string out = "Assumptions\n";
  for (const auto& id : info.assumptions) {
    if (const auto* a = find_assumption(id))
      out += fmt::format("  {:<23}{}\n", a->id, a->statement);
    else
      out += fmt::format("  {}\n", id);
  }
  return out;
}

std::string symbols_text(const std::vector<Symbol>& symbols) {
  std::string out;
  for (Symbol s : symbols) {
    const auto& info = symbol_info(s);
    // A symbol wider than the column (L_blk) takes room from the flag's, keeping the text at 20.
    const auto math = std::max<std::size_t>(4, display_width(info.math) + 1);
    out += fmt::format("  {:<{}}{:<{}}", info.math, math, info.flag, 18 - math);
    out += wrap(fmt::format("{} ({})", info.meaning, info.domain), std::string(20, ' ')).substr(20);
  }
  return out;
}

std::string statement_text(const TheoremInfo& info) {
  const auto& quantity = quantity_info(info.quantity);
  std::string out =
      fmt::format("── {} — {} statement ──\n{}\n\n", info.id, regime_name(info.regime), info.title);
  out += fmt::format("Method: {}\n  {}\n", info.method, info.update);
  if (!info.momentum_init.empty()) out += fmt::format("  start: {}\n", info.momentum_init);
  out += fmt::format("\n{}\nConstants\n{}{}Parameters\n{}", assumptions_text(info),
                     symbols_text(info.constants), symbols_text({Symbol::F0}),
                     symbols_text(info.parameters));
  out += fmt::format("\nStatement\n{}", indented(info.statement));
  out += fmt::format("\nRate      {}\nResidual  {}   (what the bound tends to as T → ∞)\n",
                     info.rate, info.residual);
  out += fmt::format("\nQuantity  {} = {}\n{}", quantity.name, quantity.formula,
                     wrap(quantity.meaning, "  "));
  out += fmt::format("\nWhy it holds\n{}", wrap(info.proof, "  "));
  if (!info.remark.empty()) out += fmt::format("\nReading\n{}", wrap(info.remark, "  "));
  out += fmt::format("\nProvenance {}\n", info.provenance);
  return out;
}

}  // namespace

std::string explain(std::string_view id) {
  std::string out;
  for (const auto* t : statements_of(id)) {
    if (!out.empty()) out += "\n";
    out += statement_text(t->info());
  }
  return out;
}

}  // namespace biasbound::theory

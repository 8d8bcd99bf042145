#pragma once
// The inputs of a check: exact values with where each came from ("--L", a measure.json
// frontier point), validated against their domains when set.

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "theory/scalar.hpp"
#include "theory/symbol.hpp"
#include "theory/theorem.hpp"
#include "theory/values.hpp"

namespace biasbound::theory {

struct Input {
  Rational value;
  std::string source;  // "--L", "measure.json bias.frontier[1]", "--eta/(1 − β̃)"
};

class Inputs {
 public:
  /// Records `value` for `symbol`; an impossible value is an InputError naming `source`.
  void set(Symbol symbol, const Rational& value, std::string source);
  /// Parses decimal `text` given as `source` (a flag) exactly; non-numbers are InputErrors.
  void set_text(Symbol symbol, std::string_view text, std::string source);

  bool has(Symbol symbol) const { return inputs_.count(symbol) != 0; }
  const Input& at(Symbol symbol) const { return inputs_.at(symbol); }
  const std::map<Symbol, Input>& all() const { return inputs_; }

  /// The values, 0 for symbols not given.
  Values<Rational> values() const;

 private:
  std::map<Symbol, Input> inputs_;
};

/// Parses a decimal number given for `what`, exactly; an InputError naming `what` otherwise.
Rational parse_number(std::string_view text, std::string_view what);

/// Throws an InputError when a constant or parameter the theorem needs is missing, listing
/// everything it needs and what is missing. Symbols in `supplied_later` count as present.
void require_inputs(const TheoremInfo& info, const Inputs& inputs,
                    const std::set<Symbol>& supplied_later = {});

/// Cross-checks between inputs: μ ≤ L (a PL function with L-Lipschitz gradient has μ ≤ L).
void check_consistency(const TheoremInfo& info, const Inputs& inputs);

/// Inputs given that the theorem does not use (F₀ counts as used: every bound needs it).
std::vector<Symbol> unused_inputs(const TheoremInfo& info, const Inputs& inputs);

/// Sets γ = η/(1 − β̃) for theorems stated in the effective step of heavy-ball momentum.
void set_gamma_from_eta(Inputs& inputs, std::string_view eta_text, const TheoremInfo& info);

}  // namespace biasbound::theory

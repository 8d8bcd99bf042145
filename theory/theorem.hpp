#pragma once
// A theorem of the catalog: what it covers (method, assumptions, constants, the quantity it
// bounds) and its formulas (step-size conditions, the largest admissible step, the bound's
// shape). One id can hold two statements, a PL one and a nonconvex one; each statement is its
// own Theorem object with a regime.
//
// Formulas are written once as templates over the scalar type and instantiated for double, the
// 50-digit Wide and the exact Rational. FormulaTheorem adapts such a set of templates to the
// virtual interface.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json_io.hpp"
#include "theory/bound_shape.hpp"
#include "theory/condition.hpp"
#include "theory/scalar.hpp"
#include "theory/symbol.hpp"
#include "theory/values.hpp"

namespace biasbound::theory {

enum class Regime { pl, nonconvex };

std::string_view regime_name(Regime regime);
/// "pl" or "nonconvex"; anything else is an InputError naming --regime.
Regime parse_regime(std::string_view text);

/// The method a statement is about, as validation runs it (methods/ implements each; theory/
/// only names them). The measurement plan follows from this and from the constants a statement
/// needs (validators/method_plan.cpp).
enum class MethodFamily {
  kBiasedSgd,            // server momentum at β = 1 on the estimator
  kServerMomentum,       // server EMA momentum with β
  kCompressedGd,         // exact gradients + compressor C, β = 1
  kDelayedCompressedGd,  // delayed GD with C, staleness τ
  kBlockCoordinate,      // asynchronous block-coordinate descent: B blocks, Q per block, τ
  kIag,                  // incremental aggregated gradient: one worker refreshes per step
  kEfSgd,                // error-feedback SGD
  kMdsgd,                // memory-based distributed SGD
};

struct TheoremInfo {
  std::string id;               // catalog id, e.g. "momentum-nonconvex"
  Regime regime;                // which statement of the id this is
  std::string title;            // one line
  std::string provenance;       // "[derived]", "[form of Karimireddy et al. 2019, Thm II]", ...
  std::string method;           // the method's name
  MethodFamily family;          // which method validation runs
  std::string update;           // the method's update in Unicode
  std::string momentum_init{};  // the momentum initialisation covered; empty if none
  std::vector<std::string> assumptions;  // ids of theory/assumption.hpp
  std::vector<Symbol> constants;         // assumption constants the statement needs
  std::vector<Symbol> parameters;        // method parameters it needs (γ, β, β̃)
  std::string quantity;                  // stable name of theory/quantity.hpp
  std::string statement;                 // the theorem in Unicode
  std::string rate;                      // the rate in Unicode: "1 − γμ(1 − m)" or "O(1/T)"
  std::string residual;                  // the residual in Unicode
  std::string proof;                     // proof sketch
  std::string remark{};                  // how to read it; may be empty

  bool needs(Symbol symbol) const;
};

/// What a statement says about the largest admissible γ with the other inputs fixed.
template <class S>
struct GammaLimit {
  enum class Kind {
    bounded,    // admissible iff γ ≤ value (γ < value when strict)
    unbounded,  // every γ > 0 is admissible
    unknown     // no closed form in this scalar type: search the conditions
  };
  Kind kind = Kind::unknown;
  S value{};
  bool strict = false;

  static GammaLimit at_most(const S& v) { return {Kind::bounded, v, false}; }
  static GammaLimit below(const S& v) { return {Kind::bounded, v, true}; }
  static GammaLimit unbounded() { return {Kind::unbounded, S(0), false}; }
  static GammaLimit unknown() { return {}; }
};

class Theorem {
 public:
  virtual ~Theorem() = default;

  virtual const TheoremInfo& info() const = 0;

  /// The step-size conditions at `v`. In Rational: nullopt when they are not rational functions
  /// of the inputs (then they are decided in Wide).
  virtual std::vector<Condition<double>> conditions(const Values<double>& v) const = 0;
  virtual std::vector<Condition<Wide>> conditions(const Values<Wide>& v) const = 0;
  virtual std::optional<std::vector<Condition<Rational>>> conditions(
      const Values<Rational>& v) const = 0;

  /// The largest admissible γ for the other inputs of `v` (v.gamma is ignored).
  virtual GammaLimit<double> gamma_limit(const Values<double>& v) const = 0;
  virtual GammaLimit<Wide> gamma_limit(const Values<Wide>& v) const = 0;
  virtual GammaLimit<Rational> gamma_limit(const Values<Rational>& v) const = 0;

  /// The bound as a function of T at `v`. In Rational: nullopt when not rational in the inputs.
  virtual BoundShape<double> shape(const Values<double>& v) const = 0;
  virtual BoundShape<Wide> shape(const Values<Wide>& v) const = 0;
  virtual std::optional<BoundShape<Rational>> shape(const Values<Rational>& v) const = 0;
};

/// Adapts a struct of formula templates to Theorem. F provides
///   static constexpr bool kRational;  // conditions and shape are rational in the inputs
///   static TheoremInfo info();
///   template <class S> static std::vector<Condition<S>> conditions(const Values<S>&);
///   template <class S> static GammaLimit<S> gamma_limit(const Values<S>&);
///       (also for Rational: return unknown() there when the closed form is irrational)
///   template <class S> static BoundShape<S> shape(const Values<S>&);
template <class F>
class FormulaTheorem final : public Theorem {
 public:
  FormulaTheorem() : info_(F::info()) {}

  const TheoremInfo& info() const override { return info_; }

  std::vector<Condition<double>> conditions(const Values<double>& v) const override {
    return F::conditions(v);
  }
  std::vector<Condition<Wide>> conditions(const Values<Wide>& v) const override {
    return F::conditions(v);
  }
  std::optional<std::vector<Condition<Rational>>> conditions(
      const Values<Rational>& v) const override {
    if constexpr (F::kRational)
      return F::conditions(v);
    else
      return std::nullopt;
  }

  GammaLimit<double> gamma_limit(const Values<double>& v) const override {
    return F::gamma_limit(v);
  }
  GammaLimit<Wide> gamma_limit(const Values<Wide>& v) const override { return F::gamma_limit(v); }
  GammaLimit<Rational> gamma_limit(const Values<Rational>& v) const override {
    return F::gamma_limit(v);
  }

  BoundShape<double> shape(const Values<double>& v) const override { return F::shape(v); }
  BoundShape<Wide> shape(const Values<Wide>& v) const override { return F::shape(v); }
  std::optional<BoundShape<Rational>> shape(const Values<Rational>& v) const override {
    if constexpr (F::kRational)
      return F::shape(v);
    else
      return std::nullopt;
  }

 private:
  TheoremInfo info_;
};

/// id, regime, title, method, constants, parameters, quantity and provenance, for listings.
core::Json summary_json(const TheoremInfo& info);

}  // namespace biasbound::theory

#include "theory/certify.hpp"

#include <algorithm>

namespace biasbound::theory {
namespace {

CertifiedCondition decided_exactly(const Condition<Rational>& c) {
  return {c.name,
          c.formula,
          c.relation,
          convert<Wide>(c.lhs),
          convert<Wide>(c.rhs),
          convert<Wide>(Rational(c.rhs - c.lhs)),
          holds(c) ? Verdict::holds : Verdict::fails,
          true,
          true};
}

CertifiedCondition decided_in_band(const Condition<Wide>& c) {
  const Verdict verdict = decide_with_band(c.lhs, c.rhs, c.relation);
  return {c.name,  c.formula, c.relation,
          c.lhs,   c.rhs,     c.rhs - c.lhs,
          verdict, false,     verdict != Verdict::undecided};
}

}  // namespace

std::string_view verdict_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::holds:
      return "holds";
    case Verdict::fails:
      return "fails";
    case Verdict::undecided:
      return "undecided";
  }
  return "undecided";
}

Verdict decide_with_band(const Wide& lhs, const Wide& rhs, Relation relation) {
  using boost::multiprecision::abs;
  if (abs(rhs - lhs) <= kUndecidedBand * std::max(abs(lhs), abs(rhs))) return Verdict::undecided;
  return holds(Condition<Wide>{"", "", lhs, rhs, relation}) ? Verdict::holds : Verdict::fails;
}

std::vector<CertifiedCondition> certify(const Theorem& theorem, const Values<Rational>& v) {
  const auto exact = theorem.conditions(v);
  if (!exact) return certify(theorem, convert_values<Wide>(v));
  std::vector<CertifiedCondition> out;
  for (const auto& c : *exact) out.push_back(decided_exactly(c));
  return out;
}

std::vector<CertifiedCondition> certify(const Theorem& theorem, const Values<Wide>& v) {
  std::vector<CertifiedCondition> out;
  for (const auto& c : theorem.conditions(v)) out.push_back(decided_in_band(c));
  return out;
}

Verdict combine(const std::vector<CertifiedCondition>& conditions) {
  Verdict result = Verdict::holds;
  for (const auto& c : conditions) {
    if (c.verdict == Verdict::fails) return Verdict::fails;
    if (c.verdict == Verdict::undecided) result = Verdict::undecided;
  }
  return result;
}

}  // namespace biasbound::theory

// Every registered stage against its own declared constants (estimators/stage_checker.hpp), and
// the checker against stages that declare constants they do not have.

#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "estimators/pipeline.hpp"
#include "estimators/registry.hpp"
#include "estimators/stage_checker.hpp"
#include "problems/factory.hpp"
#include "problems/registry.hpp"

using namespace biasbound;
using Catch::Matchers::Contains;

namespace {

// C(v) = s v, declaring whatever constants it is given.
class Scale final : public estimators::Stage {
 public:
  Scale(double s, estimators::StageConstants declared) : s_(s), declared_(std::move(declared)) {}
  bool is_source() const override { return false; }
  void apply(const estimators::Context&, estimators::Message& m) override { m.values *= s_; }
  std::unique_ptr<Stage> clone() const override { return std::make_unique<Scale>(*this); }
  core::Json describe() const override { return {{"stage", "scale"}}; }
  estimators::StageConstants constants() const override { return declared_; }

 private:
  double s_;
  estimators::StageConstants declared_;
};

// Keeps the first coordinate as a "sparse" message but lists its support twice.
class BadSupport final : public estimators::Stage {
 public:
  bool is_source() const override { return false; }
  void apply(const estimators::Context&, estimators::Message& m) override {
    m.sparse = true;
    m.support = {0, 0};
    const double first = m.values[0];
    m.values.setZero();
    m.values[0] = first;
  }
  std::unique_ptr<Stage> clone() const override { return std::make_unique<BadSupport>(*this); }
  core::Json describe() const override { return {{"stage", "badsupport"}}; }
};

std::string verdict(const estimators::StageCheckResult& r, const std::string& property) {
  for (const auto& p : r.properties)
    if (p.property == property) return p.verdict;
  return "absent";
}

}  // namespace

TEST_CASE("every registered stage keeps the constants it declares",
          "[stage-checker][conformance]") {
  for (const auto& entry : estimators::stage_entries()) {
    INFO("stage " << entry.name << " as '" << entry.example << "'");
    int checked = 0;
    // Every registered problem's example: sampling stages need examples, maml needs meta-linreg.
    for (const auto& problem_entry : problems::problem_entries()) {
      const auto& spec = problem_entry.example;
      const auto problem = problems::make_problem(spec, 3);
      std::optional<estimators::Pipeline> pipeline;
      try {
        pipeline = estimators::Pipeline::parse(entry.example, *problem);
      } catch (const core::InputError&) {
        continue;  // e.g. maml on a problem that is not meta-linreg
      }
      const auto& stage = *pipeline->stages().back();  // after the implied exact source
      const auto result = estimators::check_stage_constants(stage, *problem);
      INFO("problem " << spec << ": " << result.brief_report());
      CHECK(result.ok());
      CHECK_FALSE(result.properties.empty());
      ++checked;
    }
    CHECK(checked > 0);
  }
}

TEST_CASE("an exact declaration of a deterministic stage holds, at its bound", "[stage-checker]") {
  const auto problem = problems::make_problem("quadratic:d=8,L=1,mu=0.1", 2);
  estimators::StageConstants c;
  c.delta = 0.75;  // |0.5v - v|^2 = 0.25|v|^2
  c.m = 0.25;
  c.zeta2 = 0.0;
  const auto r = estimators::check_stage_constants(Scale(0.5, c), *problem);
  CHECK(r.ok());
  CHECK(verdict(r, "delta") == "holds");
  CHECK(verdict(r, "bias") == "holds");
  CHECK(verdict(r, "message") == "holds");
  for (const auto& p : r.properties)
    if (p.property == "delta") CHECK(p.worst_ratio == Approx(1.0).epsilon(1e-12));
  CHECK(r.to_json().at("ok") == true);
}

TEST_CASE("the checker reports VIOLATED for constants a stage does not have", "[stage-checker]") {
  const auto problem = problems::make_problem("quadratic:d=8,L=1,mu=0.1", 2);
  SECTION("claimed unbiased") {
    estimators::StageConstants c;
    c.unbiased = true;
    const auto r = estimators::check_stage_constants(Scale(0.5, c), *problem);
    CHECK_FALSE(r.ok());
    CHECK(verdict(r, "unbiased") == "violated");
    CHECK_THAT(r.brief_report(), Contains("VIOLATED"));
  }
  SECTION("a delta too large") {
    estimators::StageConstants c;
    c.delta = 0.8;
    CHECK(verdict(estimators::check_stage_constants(Scale(0.5, c), *problem), "delta") ==
          "violated");
  }
  SECTION("an alpha too small") {
    estimators::StageConstants c;
    c.unbiased = true;
    c.alpha = 3.0;  // E|2v|^2 = 4|v|^2
    CHECK(verdict(estimators::check_stage_constants(Scale(2.0, c), *problem), "alpha") ==
          "violated");
  }
  SECTION("a bias too small") {
    estimators::StageConstants c;
    c.m = 0.2;
    c.zeta2 = 0.0;
    CHECK(verdict(estimators::check_stage_constants(Scale(0.5, c), *problem), "bias") ==
          "violated");
  }
  SECTION("a random stage claiming a better contraction than it has") {
    auto randk = estimators::Pipeline::parse_compressor("randk:k=2", *problem);
    const auto& stage = *randk.stages()[0];
    REQUIRE(stage.constants().delta);
    // At equality for every v (E|C(v) - v|^2 = (1 - k/d)|v|^2), a random stage's limits
    // straddle the bound: not violated, and not provable either.
    CHECK(verdict(estimators::check_stage_constants(stage, *problem), "delta") == "inconclusive");
    struct Lying : estimators::Stage {
      std::unique_ptr<Stage> inner;
      explicit Lying(std::unique_ptr<Stage> s) : inner(std::move(s)) {}
      bool is_source() const override { return false; }
      void apply(const estimators::Context& c, estimators::Message& m) override {
        inner->apply(c, m);
      }
      std::unique_ptr<Stage> clone() const override {
        return std::make_unique<Lying>(inner->clone());
      }
      core::Json describe() const override { return {{"stage", "lying"}}; }
      estimators::StageConstants constants() const override {
        auto c = inner->constants();
        *c.delta *= 2;  // claims 2k/d
        return c;
      }
    };
    const auto r = estimators::check_stage_constants(Lying(stage.clone()), *problem);
    CHECK(verdict(r, "delta") == "violated");
  }
  SECTION("a malformed sparse message") {
    const auto r = estimators::check_stage_constants(BadSupport(), *problem);
    CHECK(verdict(r, "message") == "violated");
    CHECK_FALSE(r.ok());
  }
}

TEST_CASE("stage-checker options name the bad field", "[stage-checker]") {
  const auto problem = problems::make_problem("quadratic:d=8,L=1,mu=0.1", 2);
  estimators::StageCheckOptions o;
  o.samples = 3;
  CHECK_THROWS_WITH(estimators::check_stage_constants(Scale(1, {}), *problem, o),
                    Contains("StageCheckOptions.samples"));
  o = {};
  o.confidence = 1;
  CHECK_THROWS_WITH(o.check(), Contains("StageCheckOptions.confidence"));
}

TEST_CASE("a stage that declares itself deterministic but draws is caught", "[stage-checker]") {
  const auto problem = problems::make_problem("quadratic:d=8,L=1,mu=0.1", 2);
  // Adds one uniform draw to every coordinate while claiming to draw nothing.
  struct Noisy final : estimators::Stage {
    bool is_source() const override { return false; }
    bool deterministic() const override { return true; }
    void apply(const estimators::Context& c, estimators::Message& m) override {
      m.values.array() += static_cast<double>(c.rng() % 1000) / 1000.0;
    }
    std::unique_ptr<Stage> clone() const override { return std::make_unique<Noisy>(*this); }
    core::Json describe() const override { return {{"stage", "noisy"}}; }
  };
  const auto r = estimators::check_stage_constants(Noisy(), *problem);
  CHECK(verdict(r, "deterministic") == "violated");
  CHECK_FALSE(r.ok());
  // A truly deterministic stage holds, and an undeclared one is not checked for it.
  CHECK(verdict(estimators::check_stage_constants(Scale(0.5, {}), *problem), "deterministic") ==
        "absent");
  auto topk = estimators::Pipeline::parse_compressor("topk:k=2", *problem);
  CHECK(verdict(estimators::check_stage_constants(*topk.stages()[0], *problem), "deterministic") ==
        "holds");
}

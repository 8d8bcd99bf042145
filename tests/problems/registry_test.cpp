// The problem registry: every registered problem, built-in or not, builds from its example spec
// and passes the same conformance checks; user problems register, build from specs and appear
// in the accepted names; bad registrations are errors. The registry is process-wide, so each
// test registers under names of its own and holds for any order of the tests.

#include <catch2/catch.hpp>

#include <cmath>

#include "core/error.hpp"
#include "problems/factory.hpp"
#include "problems/gradient_checker.hpp"
#include "problems/registry.hpp"

using namespace biasbound;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using problems::ConstVectorRef;
using problems::Vector;
using problems::VectorRef;

namespace {

// A user-written problem: f_i(x) = ½‖x − s·(i + 1)·1‖², so f is 1-smooth and 1-strongly convex
// with x* = s·(n + 1)/2·1.
class Bowl final : public problems::Problem {
 public:
  Bowl(int dim, int workers, double shift) : d_(dim), n_(workers), shift_(shift) {}

  std::string name() const override { return "bowl"; }
  int dim() const override { return d_; }
  int workers() const override { return n_; }
  double worker_value_gradient(int i, ConstVectorRef x, VectorRef grad) const override {
    grad = x - center(i);
    return 0.5 * grad.squaredNorm();
  }
  double worker_value(int i, ConstVectorRef x) const override {
    return 0.5 * (x - center(i)).squaredNorm();
  }
  problems::AnalyticConstants constants() const override {
    problems::AnalyticConstants c;
    c.L = 1;
    c.mu = 1;
    c.x_star = Vector::Constant(d_, shift_ * (n_ + 1) / 2.0);
    c.f_star = problems::value(*this, *c.x_star);
    return c;
  }
  core::Json describe() const override { return {{"name", "bowl"}, {"d", d_}, {"shift", shift_}}; }

 private:
  Vector center(int i) const { return Vector::Constant(d_, shift_ * (i + 1)); }

  int d_, n_;
  double shift_;
};

// Reads d and shift; with null=true returns no problem, as a broken user maker might.
std::unique_ptr<problems::Problem> make_bowl(core::SpecReader& r, int workers) {
  const auto d = r.integer("d", 3);
  const double shift = r.number("shift", 0.5);
  const bool null = r.boolean("null", false);
  r.finish();
  if (d < 1) throw core::input_error("{}: d must be >= 1, got {}", r.where(), d);
  if (null) return nullptr;
  return std::make_unique<Bowl>(static_cast<int>(d), workers, shift);
}

void check_constants(const problems::Problem& p) {
  const auto c = p.constants();
  if (c.L) CHECK((std::isfinite(*c.L) && *c.L > 0));
  if (c.mu) CHECK((std::isfinite(*c.mu) && *c.mu >= 0));
  if (c.L && c.mu) CHECK(*c.mu <= *c.L);
  if (c.f_star) CHECK(std::isfinite(*c.f_star));
  if (!c.x_star) return;
  REQUIRE(c.x_star->size() == p.dim());
  CHECK(c.x_star->allFinite());
  Vector grad(p.dim());
  const double f = problems::value_gradient(p, *c.x_star, grad);
  CHECK(grad.norm() < 1e-6 * std::max(1.0, c.x_star->norm()));
  if (c.f_star) CHECK(f == Approx(*c.f_star).epsilon(1e-9).margin(1e-12));
}

void check_gradients_at(const problems::Problem& p, const Vector& x) {
  const auto result = problems::check_gradients(p, x);
  INFO(result.brief_report());
  CHECK(result.ok);
}

// What every registered problem must satisfy, built from its example with 3 workers.
void check_conformance(const problems::ProblemEntry& entry) {
  INFO("problem '" << entry.name << "' from its example '" << entry.example << "'");
  const auto p = problems::make_problem(entry.example, 3);
  REQUIRE(p != nullptr);
  CHECK(p->workers() == 3);
  REQUIRE(p->dim() >= 1);
  CHECK(p->describe().is_object());
  const Vector x0 = p->initial_point();
  REQUIRE(x0.size() == p->dim());
  check_constants(*p);
  check_gradients_at(*p, x0);
  std::srand(17);
  check_gradients_at(*p, x0 + Vector::Random(p->dim()));
}

}  // namespace

TEST_CASE("every registered problem builds from its example and conforms",
          "[registry][conformance]") {
  const auto entries = problems::problem_entries();
  REQUIRE(entries.size() >= 3);
  for (const auto& entry : entries) check_conformance(entry);
}

TEST_CASE("the registry starts with the built-in problems, in order", "[registry]") {
  const auto names = problems::problem_names();
  REQUIRE(names.size() >= 4);
  CHECK(std::vector<std::string>(names.begin(), names.begin() + 4) ==
        std::vector<std::string>{"quadratic", "logistic", "meta-linreg", "mlp"});
  CHECK_THAT(problems::accepted_problem_names(),
             StartsWith("quadratic, logistic, meta-linreg, mlp"));
  REQUIRE(problems::find_problem("logistic") != nullptr);
  CHECK(problems::find_problem("logistic")->example == "logistic:data=synthetic,n=200,d=5");
  CHECK(problems::find_problem("cubic") == nullptr);
}

TEST_CASE("an unknown problem name lists the accepted names", "[registry]") {
  CHECK_THROWS_WITH(problems::make_problem("cubic:d=3", 2),
                    StartsWith("problem 'cubic:d=3': unknown problem 'cubic' (accepted: "
                               "quadratic, logistic, meta-linreg"));
}

TEST_CASE("a registered user problem builds from specs and is accepted", "[registry]") {
  problems::register_problem("test-bowl", make_bowl, "test-bowl:d=2,shift=0.3");
  const auto p = problems::make_problem("test-bowl:d=4,shift=2", 2);
  CHECK(p->dim() == 4);
  CHECK(p->workers() == 2);
  CHECK(p->describe()["shift"] == 2.0);
  CHECK_THAT(problems::accepted_problem_names(), Contains(", test-bowl"));
  CHECK_THROWS_WITH(problems::make_problem("test-bowl:dd=4", 2),
                    Contains("dd") && Contains("accepted"));
  CHECK_THROWS_WITH(problems::make_problem("test-bowl:d=0", 2), Contains("d must be >= 1"));
  CHECK_THROWS_WITH(problems::make_problem("nope", 2), Contains("test-bowl"));
  const auto* entry = problems::find_problem("test-bowl");
  REQUIRE(entry != nullptr);
  CHECK(entry->example == "test-bowl:d=2,shift=0.3");
  check_conformance(*entry);
}

TEST_CASE("a problem registered without an example is built by its bare name", "[registry]") {
  problems::register_problem("test-bare-bowl", make_bowl);
  CHECK(problems::find_problem("test-bare-bowl")->example == "test-bare-bowl");
  CHECK(problems::make_problem("test-bare-bowl", 1)->dim() == 3);
}

TEST_CASE("a maker that returns no problem is an error naming the spec", "[registry]") {
  problems::register_problem("test-null-bowl", make_bowl);
  CHECK_THROWS_WITH(problems::make_problem("test-null-bowl:null=true", 2),
                    Contains("test-null-bowl:null=true") && Contains("returned no problem"));
}

TEST_CASE("register_problem rejects duplicates, bad names, empty makers and foreign examples",
          "[registry]") {
  using problems::register_problem;
  CHECK_THROWS_WITH(register_problem("quadratic", make_bowl),
                    Contains("'quadratic' is already registered"));
  register_problem("test-twice", make_bowl);
  CHECK_THROWS_WITH(register_problem("test-twice", make_bowl),
                    Contains("'test-twice' is already registered"));
  for (const std::string name :
       {"", "Upper", "9lives", "-dash", "has space", "under_score", "dot.ted", "colon:d=1"}) {
    INFO("name '" << name << "'");
    CHECK_THROWS_WITH(register_problem(name, make_bowl),
                      Contains("'" + name + "' is not a problem name"));
    CHECK(problems::find_problem(name) == nullptr);
  }
  CHECK_THROWS_WITH(register_problem("test-no-maker", nullptr),
                    Contains("'test-no-maker' has no maker"));
  CHECK(problems::find_problem("test-no-maker") == nullptr);
  CHECK_THROWS_WITH(register_problem("test-foreign", make_bowl, "quadratic:d=3"),
                    Contains("'quadratic:d=3'") && Contains("'test-foreign'"));
  CHECK_THROWS_WITH(register_problem("test-malformed", make_bowl, "test-malformed:d"),
                    Contains("'test-malformed'") && Contains("test-malformed:d"));
  CHECK(problems::find_problem("test-foreign") == nullptr);
  CHECK_THROWS_AS(register_problem("Bad", make_bowl), core::InputError);
}

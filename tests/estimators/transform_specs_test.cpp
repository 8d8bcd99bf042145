#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "../problems/test_problems.hpp"
#include "core/error.hpp"
#include "estimators/pipeline.hpp"

using namespace biasbound;
using Catch::Matchers::Contains;
using Eigen::VectorXd;

namespace {

estimators::Message run_once(estimators::Pipeline& pipeline, const problems::Problem& p,
                             const VectorXd& x, std::uint64_t stream) {
  core::Rng rng(stream);
  estimators::Message m;
  m.resize(p.dim());
  pipeline.run({p, 0, x, rng, nullptr}, m);
  return m;
}

}  // namespace

TEST_CASE("every transform stage parses by name and describes itself", "[pipeline][transforms]") {
  const auto p = testing::small_quadratic(2, 0.3, 10);
  const std::pair<std::string, std::string> specs[] = {
      {"randk:k=3", "randk"},       {"randk:frac=0.5,scaled=true", "randk"},
      {"qsgd:s=4", "qsgd"},         {"ternary", "ternary"},
      {"scaledsign", "scaledsign"}, {"sign", "sign"},
      {"clip:tau=0.5", "clip"},     {"clipvalue:c=1e-2", "clipvalue"},
  };
  for (const auto& [spec, name] : specs) {
    const auto stages = estimators::Pipeline::parse(spec, *p).describe();
    REQUIRE(stages.size() == 2);
    CHECK(stages[1]["stage"] == name);
  }
  const auto scaled = estimators::Pipeline::parse("randk:frac=0.5,scaled=true", *p).describe();
  CHECK(scaled[1]["k"] == 5);
  CHECK(scaled[1]["scaled"] == true);
  CHECK(scaled[1]["analytic"]["alpha"] == 2.0);
  CHECK(estimators::Pipeline::parse("randk:k=3", *p).describe()[1]["scaled"] == false);
}

TEST_CASE("sampling, clipping and compression compose left to right", "[pipeline][transforms]") {
  const auto p = testing::small_logistic(2);
  auto pipeline = estimators::Pipeline::parse("minibatch:b=4+clip:tau=1+topk:k=2", *p);
  REQUIRE(pipeline.stages().size() == 3);
  const VectorXd x = VectorXd::Constant(p->dim(), 3.0);
  for (std::uint64_t stream = 0; stream < 20; ++stream) {
    const auto m = run_once(pipeline, *p, x, stream);
    CHECK(m.sparse);
    CHECK(m.support.size() == 2);
    CHECK((m.values.array() != 0).count() <= 2);
    CHECK(m.values.norm() <= 1 + 1e-12);  // top-k of a clipped vector stays in the ball
  }
}

TEST_CASE("transforms after a sparse stage keep zeros zero and the support valid",
          "[pipeline][transforms]") {
  const auto p = testing::small_quadratic(2, 0.3, 12);
  const VectorXd x = VectorXd::LinSpaced(12, -1, 2);
  for (const std::string tail :
       {"qsgd:s=2", "ternary", "scaledsign", "sign", "clip:tau=0.1", "clipvalue:c=0.05"}) {
    auto pipeline = estimators::Pipeline::parse("topk:k=3+" + tail, *p);
    for (std::uint64_t stream = 0; stream < 10; ++stream) {
      const auto m = run_once(pipeline, *p, x, stream);
      CHECK(m.sparse);
      REQUIRE(m.support.size() == 3);
      for (int i = 0; i < 12; ++i) {
        const bool carried = std::find(m.support.begin(), m.support.end(), i) != m.support.end();
        if (!carried) CHECK(m.values[i] == 0);
      }
    }
  }
}

TEST_CASE("a pipeline's message carries the bit cost of its last encoding stage",
          "[pipeline][transforms]") {
  const auto p = testing::small_quadratic(2, 0.3, 16);
  const VectorXd x = VectorXd::Ones(16);
  auto bits = [&](const std::string& spec) {
    auto pipeline = estimators::Pipeline::parse(spec, *p);
    return run_once(pipeline, *p, x, 1).bits;
  };
  CHECK(bits("randk:k=4") == 4 * (32 + 4));
  CHECK(bits("qsgd:s=3") == 32 + 16 * (1 + 2));
  CHECK(bits("ternary") == Approx(std::log2(3.0) * 16 + 32));
  CHECK(bits("scaledsign") == 16 + 32);
  CHECK(bits("sign") == 16);
  CHECK(bits("clip:tau=1") == 32 * 16);                  // the exact source's dense encoding
  CHECK(bits("topk:k=2+clip:tau=0.1") == 2 * (32 + 4));  // clipping keeps top-k's encoding
  CHECK(bits("clipvalue:c=1") == 32 * 16);
}

TEST_CASE("bad transform specs get one clear error naming the stage and key",
          "[pipeline][transforms]") {
  const auto p = testing::small_quadratic(2, 0.0, 10);
  auto parse = [&](const std::string& spec) { estimators::Pipeline::parse(spec, *p); };
  CHECK_THROWS_AS(parse("clip:tau=0"), core::InputError);
  CHECK_THROWS_WITH(parse("clip:tau=0"), Contains("'clip:tau=0'") && Contains("tau must be > 0"));
  CHECK_THROWS_WITH(parse("clip:tau=-1"), Contains("tau must be > 0, got -1"));
  CHECK_THROWS_WITH(parse("clip"), Contains("'clip'") && Contains("needs tau="));
  CHECK_THROWS_WITH(parse("clipvalue:c=0"), Contains("'clipvalue:c=0'") && Contains("c must"));
  CHECK_THROWS_WITH(parse("clipvalue"), Contains("needs c="));
  CHECK_THROWS_WITH(parse("qsgd:s=0"), Contains("'qsgd:s=0'") && Contains("s must be in [1,"));
  CHECK_THROWS_WITH(parse("qsgd:s=1.5"), Contains("key 's' expects an integer"));
  CHECK_THROWS_WITH(parse("qsgd"), Contains("needs s="));
  CHECK_THROWS_WITH(parse("randk:k=0"), Contains("'randk:k=0'") && Contains("k must be in [1,"));
  CHECK_THROWS_WITH(parse("randk:k=11"), Contains("[1, 10]") && Contains("got 11"));
  CHECK_THROWS_WITH(parse("randk:frac=0"), Contains("frac must be in (0, 1]"));
  CHECK_THROWS_WITH(parse("randk"), Contains("exactly one of k="));
  CHECK_THROWS_WITH(parse("randk:k=3,scaled=maybe"), Contains("'randk:k=3,scaled=maybe'") &&
                                                         Contains("key 'scaled'") &&
                                                         Contains("true|false"));
  CHECK_THROWS_WITH(parse("randk:kk=3"),
                    Contains("unknown key 'kk'") && Contains("accepted: k, frac, scaled"));
  CHECK_THROWS_WITH(parse("ternary:d=3"), Contains("'ternary:d=3'") && Contains("unknown key"));
  CHECK_THROWS_WITH(parse("sign:s=1"), Contains("unknown key 's'"));
  CHECK_THROWS_WITH(parse("scaledsign:k=1"), Contains("unknown key 'k'"));
  CHECK_THROWS_WITH(parse("clip:tau=1,c=2"), Contains("unknown key 'c'"));
}

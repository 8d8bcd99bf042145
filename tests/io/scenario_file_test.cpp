#include "io/scenario_file.hpp"

#include <catch2/catch.hpp>

#include "../test_support.hpp"
#include "core/error.hpp"

namespace bio = biasbound::io;
namespace bv = biasbound::validators;
using biasbound::core::InputError;
using Catch::Matchers::Contains;

namespace {

const std::string kMinimal = R"(
theorem = "biased-sgd-pl"
[problem]
spec = "quadratic:d=10"
)";

}  // namespace

TEST_CASE("a minimal scenario takes the documented defaults", "[validators][scenario]") {
  const auto s = bio::parse_scenario(kMinimal, "min.toml");
  CHECK(s.name == "min");
  CHECK(s.theorem == "biased-sgd-pl");
  CHECK(s.problem == "quadratic:d=10");
  CHECK(s.estimator == "exact");
  CHECK(s.gamma == "best");
  CHECK(s.workers == 1);
  CHECK(s.seeds == 8);
  CHECK(s.iterations == 200);
  CHECK(s.confidence == 0.99);
  CHECK(s.constants.empty());
}

TEST_CASE("every table and key of a full scenario is read", "[validators][scenario]") {
  const auto s = bio::parse_scenario(R"(
title = "t"
description = "d"
theorem = "mdsgd-nonconvex"
regime = "nonconvex"
[problem]
spec = "logistic:data=synthetic"
workers = 3
[estimator]
spec = "minibatch:b=4"
compressor = "topk:k=2"
[method]
gamma = 0.25
beta = 0.5
init = "first"
beta_tilde = 0.3
tau = 2
staleness = "random"
blocks = 4
order = "random"
iterations = 77
seeds = 5
first_seed = 9
[measure]
points = 4
samples = 30
probes = "ball"
probe_iters = 12
seed = 3
[validate]
confidence = 0.95
checkpoints = 7
threads = 1
[constants]
m = 0.5
G2 = 2
)",
                                     "full.toml");
  CHECK(s.title == "t");
  CHECK(s.regime == "nonconvex");
  CHECK(s.workers == 3);
  CHECK(s.compressor == "topk:k=2");
  CHECK(s.gamma == "0.25");
  CHECK(s.beta == 0.5);
  CHECK(s.init == "first");
  CHECK(s.beta_tilde == 0.3);
  CHECK(s.tau == 2);
  CHECK(s.staleness == "random");
  CHECK(s.blocks == 4);
  CHECK(s.order == "random");
  CHECK(s.iterations == 77);
  CHECK(s.seeds == 5);
  CHECK(s.first_seed == 9);
  CHECK(s.points == 4);
  CHECK(s.samples == 30);
  CHECK(s.probes == "ball");
  CHECK(s.probe_iters == 12);
  CHECK(s.measure_seed == 3);
  CHECK(s.confidence == 0.95);
  CHECK(s.checkpoints == 7);
  CHECK(s.threads == 1);
  CHECK(s.constants.at("m") == 0.5);
  CHECK(s.constants.at("G2") == 2.0);
}

TEST_CASE("overrides reach flat and dotted keys and claim constants", "[validators][scenario]") {
  const auto s = bio::parse_scenario(
      kMinimal, "min.toml",
      {"gamma=best", "method.iterations=50", "m=0", "problem=quadratic:d=5", "gamma=max"});
  CHECK(s.gamma == "max");  // the last one wins
  CHECK(s.iterations == 50);
  CHECK(s.constants.at("m") == 0.0);
  CHECK(s.problem == "quadratic:d=5");
}

TEST_CASE("bad scenarios give one error naming the file, line and key", "[validators][scenario]") {
  auto error_of = [](const std::string& text, std::vector<std::string> overrides = {}) {
    try {
      bio::parse_scenario(text, "bad.toml", overrides);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    FAIL("no error");
    return std::string();
  };
  CHECK_THAT(error_of("colour = 1\n" + kMinimal),
             Contains("bad.toml:1") && Contains("'colour'") && Contains("accepted"));
  CHECK_THAT(error_of(kMinimal + "[method]\nstep = 0.1\n"),
             Contains("method.step") && Contains("gamma"));
  CHECK_THAT(error_of(kMinimal + "[methods]\n"), Contains("unknown table [methods]"));
  CHECK_THAT(error_of(kMinimal + "[method]\nbeta = 1.5\n"),
             Contains("bad.toml:6: method.beta") && Contains("(0, 1]") && Contains("1.5"));
  CHECK_THAT(error_of(kMinimal + "[method]\ngamma = \"fast\"\n"), Contains("\"best\""));
  CHECK_THAT(error_of(kMinimal + "[method]\ngamma = -1\n"), Contains("method.gamma"));
  CHECK_THAT(error_of(kMinimal + "[method]\nseeds = 0\n"), Contains(">= 1"));
  CHECK_THAT(error_of(kMinimal + "[method]\niterations = 2.5\n"), Contains("whole number"));
  CHECK_THAT(error_of(kMinimal + "[measure]\nprobes = \"moon\"\n"), Contains("measure.probes"));
  CHECK_THAT(error_of(kMinimal + "[method]\norder = \"round-robin\"\n"),
             Contains("method.order") && Contains("\"cyclic\""));
  CHECK_THAT(error_of(kMinimal + "[constants]\nm = \"small\"\n"), Contains("constants.m"));
  CHECK_THAT(error_of(kMinimal + "[constants]\nm = nan\n"), Contains("finite"));
  CHECK_THAT(error_of("theorem = \"no-such-theorem\"\n"),
             Contains("no-such-theorem") && Contains("momentum-pl"));
  CHECK_THAT(error_of("[problem]\nspec = \"quadratic\"\n"), Contains("missing key 'theorem'"));
  CHECK_THAT(error_of("theorem = \"momentum-pl\"\n"), Contains("missing key 'spec' in [problem]"));
  CHECK_THAT(error_of("theorem = [\n"), Contains("bad.toml:") && Contains("not valid TOML"));
  CHECK_THAT(error_of(kMinimal, {"colour=1"}), Contains("--set colour=1") && Contains("unknown"));
  CHECK_THAT(error_of(kMinimal, {"gamma"}), Contains("KEY=VALUE"));
  CHECK_THAT(error_of(kMinimal, {"beta=7"}), Contains("--set beta=7") && Contains("(0, 1]"));
  CHECK_THAT(error_of(kMinimal, {"spec=x"}),
             Contains("unknown key 'spec'") && Contains("problem.spec"));
  // Found by fuzz/scenario_fuzz: the bytes went on to validate.json, whose writer threw.
  CHECK_THAT(error_of(kMinimal, {"title=caf\xe9"}),
             Contains("--set title=") && Contains("not valid UTF-8"));
}

TEST_CASE("a missing scenario file is an error naming it", "[validators][scenario]") {
  CHECK_THROWS_WITH(bio::load_scenario("/nonexistent/s.toml"), Contains("/nonexistent/s.toml"));
}

TEST_CASE("the fingerprint ignores presentation and the seed count only",
          "[validators][scenario]") {
  const auto a = bio::parse_scenario(kMinimal, "a.toml");
  const auto b = bio::parse_scenario("title = \"other\"\n" + kMinimal, "b.toml", {"seeds=20"});
  CHECK(bv::fingerprint(a) == bv::fingerprint(b));
  const auto c = bio::parse_scenario(kMinimal, "c.toml", {"m=0"});
  CHECK(bv::fingerprint(a) != bv::fingerprint(c));
  const auto d = bio::parse_scenario(kMinimal, "d.toml", {"iterations=7"});
  CHECK(bv::fingerprint(a) != bv::fingerprint(d));
}

TEST_CASE("[expect] violated_by lists claims on constants and changes no result",
          "[validators][scenario]") {
  const auto s = bio::parse_scenario(kMinimal + "[expect]\nviolated_by = [\"m=0\", \"mu=0.5\"]\n",
                                     "expect.toml");
  CHECK(s.violated_by == std::vector<std::string>{"m=0", "mu=0.5"});
  CHECK(bv::fingerprint(s) == bv::fingerprint(bio::parse_scenario(kMinimal, "expect.toml")));
  for (const char* bad : {"[\"q=1\"]", "[\"m=x\"]", "[\"m\"]", "[]", "\"m=0\"", "[\"m=-1\"]"}) {
    INFO(bad);
    CHECK_THROWS_WITH(
        bio::parse_scenario(kMinimal + "[expect]\nviolated_by = " + bad + "\n", "expect.toml"),
        Contains("expect.toml:6: expect.violated_by"));
  }
}

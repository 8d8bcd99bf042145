#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "core/spec.hpp"

using namespace biasbound::core;
using Catch::Matchers::Contains;

TEST_CASE("a spec splits into name and ordered key=value pairs", "[spec]") {
  const auto spec = parse_spec("logistic:data=fashion-mnist,classes=0/6,lambda=1e-3", "problem");
  CHECK(spec.name == "logistic");
  REQUIRE(spec.params.size() == 3);
  CHECK(spec.params[0] == std::pair<std::string, std::string>{"data", "fashion-mnist"});
  CHECK(spec.params[1] == std::pair<std::string, std::string>{"classes", "0/6"});
  CHECK(spec.params[2] == std::pair<std::string, std::string>{"lambda", "1e-3"});
  CHECK(parse_spec("exact", "estimator").params.empty());
}

TEST_CASE("a pipeline splits on '+' before a letter only", "[spec]") {
  const auto stages = parse_pipeline("minibatch:b=32+clip:tau=1e+3+topk:frac=0.05", "estimator");
  REQUIRE(stages.size() == 3);
  CHECK(stages[0].name == "minibatch");
  CHECK(stages[1].params[0].second == "1e+3");
  CHECK(stages[2].name == "topk");
}

TEST_CASE("malformed specs are rejected with the offending text", "[spec]") {
  CHECK_THROWS_WITH(parse_spec("quadratic:d", "problem"), Contains("key=value") && Contains("'d'"));
  CHECK_THROWS_WITH(parse_spec("quadratic:", "problem"), Contains("nothing after"));
  CHECK_THROWS_WITH(parse_spec(":d=1", "problem"), Contains("expected a name"));
  CHECK_THROWS_WITH(parse_spec("q:d=1,d=2", "problem"), Contains("given twice"));
  CHECK_THROWS_WITH(parse_spec("q:=1", "problem"), Contains("key=value"));
  CHECK_THROWS_AS(parse_pipeline("", "estimator"), InputError);
  CHECK_THROWS_AS(parse_pipeline("topk:k=1+", "estimator"), InputError);
}

TEST_CASE("SpecReader types values and rejects unknown keys listing the accepted ones", "[spec]") {
  const auto spec = parse_spec("quadratic:d=10,L=2.5,mode=fast,flag=true,dd=3", "problem");
  SpecReader r(spec, "problem");
  CHECK(r.integer("d", 1) == 10);
  CHECK(r.number("L", 1.0) == 2.5);
  CHECK(r.number("mu", 0.5) == 0.5);
  CHECK(r.choice("mode", {"fast", "slow"}, "slow") == "fast");
  CHECK(r.boolean("flag", false));
  CHECK_THROWS_WITH(r.finish(), Contains("unknown key 'dd'") && Contains("accepted: d, L, mu"));
}

TEST_CASE("SpecReader names the key and value it cannot read", "[spec]") {
  const auto spec = parse_spec("quadratic:d=ten,L=nan,mode=x,n=1.5", "problem");
  SpecReader r(spec, "problem");
  CHECK_THROWS_WITH(r.integer("d", 1),
                    Contains("'d'") && Contains("'ten'") && Contains("quadratic:d=ten"));
  CHECK_THROWS_WITH(r.number("L", 1), Contains("finite number"));
  CHECK_THROWS_WITH(r.choice("mode", {"a", "b"}, "a"), Contains("a|b"));
  CHECK_THROWS_WITH(r.integer("n", 1), Contains("integer"));
}

TEST_CASE("numbers parse strictly", "[spec]") {
  CHECK(parse_double("1e-3") == 1e-3);
  CHECK_FALSE(parse_double("1e-3x"));
  CHECK_FALSE(parse_double("inf"));
  CHECK_FALSE(parse_double(""));
  CHECK(parse_integer("1e3") == 1000);
  CHECK(parse_integer("-7") == -7);
  CHECK_FALSE(parse_integer("2.5"));
}

TEST_CASE("the number grammar is decimal only: no hex, nan, inf or wrapped negatives", "[spec]") {
  CHECK(parse_double("+0.5") == 0.5);
  CHECK(parse_double(".5") == 0.5);
  CHECK_FALSE(parse_double("0x10"));
  CHECK_FALSE(parse_double("nan"));
  CHECK_FALSE(parse_double("1e999"));
  CHECK_FALSE(parse_double("+-1"));
  CHECK(parse_integer("010") == 10);  // decimal, not octal
  CHECK_FALSE(parse_integer("0x10"));
  CHECK(parse_unsigned("18446744073709551615") == 18446744073709551615ULL);
  CHECK(parse_unsigned("1e6") == 1000000u);
  CHECK_FALSE(parse_unsigned("-1"));
  CHECK_FALSE(parse_unsigned("18446744073709551616"));
  CHECK_FALSE(parse_unsigned("0x10"));
}

TEST_CASE("split_spec_list keeps key=value pieces with their spec", "[core][spec]") {
  CHECK(split_spec_list("randk:k=10,scaled=true,qsgd:s=4,identity", "--compressors") ==
        std::vector<std::string>{"randk:k=10,scaled=true", "qsgd:s=4", "identity"});
  CHECK(split_spec_list("ternary", "x") == std::vector<std::string>{"ternary"});
  CHECK_THROWS_WITH(split_spec_list("topk:k=2,,sign", "--compressors"),
                    Catch::Contains("--compressors") && Catch::Contains("empty"));
}

#include <catch2/catch.hpp>

#include "methods/run.hpp"
#include "problems/factory.hpp"

using namespace biasbound;

TEST_CASE("mlp runs give identical traces for every thread count", "[mlp][threads]") {
  const auto f =
      problems::make_problem("mlp:data=synthetic,n=120,d=6,classes=4,hidden=8", /*workers=*/4);
  methods::MethodSpec spec;
  spec.estimator = "exact+topk:frac=0.1";
  spec.gamma = 0.5;
  spec.beta = 0.1;
  const auto one = methods::run(*f, spec, {.iterations = 15, .seeds = 2, .threads = 1});
  const auto two = methods::run(*f, spec, {.iterations = 15, .seeds = 2, .threads = 2});
  REQUIRE(one.seeds.size() == 2);
  for (std::size_t s = 0; s < 2; ++s) {
    CHECK(one.seeds[s].f == two.seeds[s].f);
    CHECK(one.seeds[s].grad_norm2 == two.seeds[s].grad_norm2);
  }
  // Each seed starts from its own draw of the weights.
  CHECK(one.seeds[0].f.front() != one.seeds[1].f.front());
  CHECK(one.seeds[0].f.back() < one.seeds[0].f.front());
}

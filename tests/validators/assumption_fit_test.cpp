// A theorem is refused, with the stage and the assumption named, where the scenario's estimator
// or compressor cannot meet what the theorem declares.

#include "validators/assumption_fit.hpp"

#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "io/scenario_file.hpp"
#include "problems/factory.hpp"
#include "theory/catalog.hpp"
#include "validators/scenario.hpp"

namespace bio = biasbound::io;
namespace bv = biasbound::validators;
namespace th = biasbound::theory;
using Catch::Matchers::Contains;

namespace {

// Plans `theorem` on a small finite-sum problem with the given estimator and compressor, and
// checks the fit.
void fit(const std::string& theorem, const std::string& regime, const std::string& estimator,
         const std::string& compressor = "") {
  std::string text = "theorem = \"" + theorem + "\"\nregime = \"" + regime +
                     "\"\n[problem]\nspec = \"logistic:data=synthetic,n=60,d=8\"\nworkers = 2\n"
                     "[estimator]\nspec = \"" +
                     estimator + "\"\n";
  if (!compressor.empty()) text += "compressor = \"" + compressor + "\"\n";
  const auto s = bio::parse_scenario(text, "test");
  const auto& info = th::select_statement(theorem, th::parse_regime(regime), false).theorem->info();
  const auto problem = biasbound::problems::make_problem(s.problem, s.workers);
  bv::require_assumption_fit(info, bv::plan_method(s, info), *problem);
}

}  // namespace

TEST_CASE("a biased compressor under an unbiased-compressor theorem is refused",
          "[validators][fit]") {
  CHECK_THROWS_WITH(fit("unbiased-compressed-gd", "pl", "topk:k=2"),
                    Contains("A-unbiased-compressor") && Contains("'topk'") && Contains("biased"));
  CHECK_THROWS_WITH(fit("unbiased-compressed-gd", "pl", "sign"), Contains("'sign'"));
  CHECK_THROWS_WITH(fit("delayed-compressed-gd-pl", "pl", "exact", "clip:tau=1"),
                    Contains("A-unbiased-compressor") && Contains("'clip"));
  CHECK_NOTHROW(fit("unbiased-compressed-gd", "pl", "randk:k=2,scaled=true"));
  CHECK_NOTHROW(fit("unbiased-compressed-gd", "pl", "qsgd:s=2"));
  CHECK_NOTHROW(fit("delayed-compressed-gd-pl", "pl", "exact"));  // C = identity, α = 1
}

TEST_CASE("a non-contraction under a delta-contraction theorem is refused", "[validators][fit]") {
  CHECK_THROWS_WITH(fit("compressed-gd-contraction", "pl", "randk:k=2,scaled=true"),
                    Contains("A-contract") && Contains("not a δ-contraction"));
  CHECK_THROWS_WITH(fit("compressed-gd-contraction", "pl", "qsgd:s=2"), Contains("'qsgd'"));
  CHECK_THROWS_WITH(fit("ef-sgd-nonconvex", "nonconvex", "minibatch:b=4", "sign"),
                    Contains("A-contract") && Contains("'sign'"));
  CHECK_NOTHROW(fit("compressed-gd-contraction", "pl", "topk:k=2"));
  CHECK_NOTHROW(fit("ef-sgd-nonconvex", "nonconvex", "minibatch:b=4", "topk:k=2"));
}

TEST_CASE("delay or error feedback used as a compressor is refused", "[validators][fit]") {
  CHECK_THROWS_WITH(fit("delayed-compressed-gd-pl", "pl", "exact", "delay:tau=2"),
                    Contains("'delay'") && Contains("keeps state"));
  CHECK_THROWS_WITH(fit("ef-sgd-nonconvex", "nonconvex", "minibatch:b=4", "ef+topk:k=2"),
                    Contains("keeps state"));
  CHECK_THROWS_WITH(fit("compressed-gd-contraction", "pl", "minibatch:b=4+topk:k=2"),
                    Contains("'minibatch'") && Contains("exact gradient"));
}

TEST_CASE("EF-SGD and M-DSGD need workers unbiased for their own gradients", "[validators][fit]") {
  CHECK_THROWS_WITH(fit("ef-sgd-nonconvex", "nonconvex", "minibatch:b=4+clip:tau=0.1", "topk:k=2"),
                    Contains("A-worker-unbiased") && Contains("'clip"));
  CHECK_THROWS_WITH(fit("mdsgd-nonconvex", "nonconvex", "reshuffle:b=4", "topk:k=2"),
                    Contains("A-worker-unbiased") && Contains("keeps state"));
  CHECK_NOTHROW(fit("mdsgd-nonconvex", "nonconvex", "minibatch:b=4", "topk:k=2"));
}

TEST_CASE(
    "stateful estimators under biased-SGD and momentum theorems are measured "
    "conditionally, so they fit",
    "[validators][fit]") {
  CHECK_NOTHROW(fit("biased-sgd-nonconvex", "nonconvex", "reshuffle:b=4"));
  CHECK_NOTHROW(fit("momentum-nonconvex", "nonconvex", "exact+delay:tau=2"));
}

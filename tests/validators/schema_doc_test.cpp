// The documentation is the schema: every key path of the validate.json, run.json and
// measure.json files written here — a validation that holds, one violated, a deterministic one,
// one with a separately measured compressor, one whose conditions fail, one that diverges, one
// in memory, and runs that complete and diverge — is documented in docs/schema.md. A key added
// to a writer without its line there fails this test.

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "../schema_doc.hpp"
#include "../test_support.hpp"
#include "core/error.hpp"
#include "core/schema.hpp"
#include "io/run_folder.hpp"
#include "io/scenario_file.hpp"
#include "io/sweep.hpp"
#include "io/sweep_file.hpp"
#include "validators/validation.hpp"

namespace fs = std::filesystem;
namespace bio = biasbound::io;
namespace bv = biasbound::validators;
using biasbound::core::Artifact;
using biasbound::testing::TempDir;
using biasbound::testing::undocumented_paths;

namespace {

const fs::path kSchemaScenarios = fs::path(BIASBOUND_SOURCE_DIR) / "scenarios";

bv::ValidationResult validate_fast(const std::string& scenario, std::vector<std::string> sets,
                                   const fs::path& out) {
  sets.insert(sets.begin(), {"points=6", "samples=30", "seeds=4"});
  bv::ValidateOptions options;
  options.out = out;
  options.progress = false;
  return bv::validate(bio::load_scenario(kSchemaScenarios / (scenario + ".toml"), sets), options);
}

void run_fast(biasbound::methods::StepSize gamma, const fs::path& out) {
  biasbound::io::RunConfig c;
  c.problem = "logistic:data=synthetic,n=1000,d=20";
  c.estimator = "topk:frac=0.1";
  c.workers = 4;
  c.gamma = gamma;
  c.beta = 0.5;
  c.iterations = gamma.constant() ? 60 : gamma.horizon();
  c.seeds = 2;
  c.out = out;
  c.progress = false;
  biasbound::io::run_method(c);
}

// A method with the keys server momentum does not have (compressor, tau, staleness).
void run_delayed(const fs::path& out) {
  biasbound::io::RunConfig c;
  c.problem = "quadratic:d=10";
  c.method = biasbound::methods::MethodKind::kDelayedGd;
  c.compressor = "topk:k=2";
  c.tau = 2;
  c.workers = 2;
  c.gamma = 0.1;
  c.iterations = 20;
  c.out = out;
  c.progress = false;
  biasbound::io::run_method(c);
}

/// Every artifact file under `dir`, read through the schema check.
std::vector<std::pair<fs::path, Artifact>> artifacts_under(const fs::path& dir) {
  std::vector<std::pair<fs::path, Artifact>> found;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    for (const auto a : {Artifact::kValidate, Artifact::kRun, Artifact::kMeasure})
      if (entry.path().filename() == std::string(biasbound::core::artifact_name(a)) + ".json")
        found.emplace_back(entry.path(), a);
  return found;
}

}  // namespace

TEST_CASE("docs/schema.md documents a section of key paths for every artifact", "[schema]") {
  for (const auto a : {Artifact::kValidate, Artifact::kRun, Artifact::kMeasure}) {
    INFO(biasbound::core::artifact_name(a));
    const auto paths = biasbound::testing::documented_paths(a);
    CHECK(paths.size() > 20);
    CHECK(std::find(paths.begin(), paths.end(), "schema.version") != paths.end());
  }
}

TEST_CASE("every key path of the files validate, run and measure write is documented",
          "[schema][validation]") {
  TempDir dir;
  validate_fast("momentum-nonconvex", {"check_gamma=[0.001, 100]"}, dir / "holds");
  validate_fast("momentum-nonconvex", {"m=0", "zeta2=0", "M=0", "sigma2=0"}, dir / "violated");
  validate_fast("biased-sgd-pl", {}, dir / "deterministic");
  validate_fast("schedules/biased-sgd-pl-stagewise", {}, dir / "schedule");
  validate_fast("ef-sgd-nonconvex", {}, dir / "compressor");
  validate_fast("momentum-nonconvex", {"gamma=10"}, dir / "not-admissible");
  CHECK_THROWS_AS(
      validate_fast("biased-sgd-pl", {"L=1e-3", "mu=1e-4", "gamma=50", "iterations=300"},
                    dir / "diverged"),
      biasbound::core::DivergenceError);
  run_fast(0.5, dir / "run");
  run_fast(1e6, dir / "run-diverged");
  run_fast(biasbound::methods::StepSize::piecewise({{30, 0.5}, {30, 0.25}}), dir / "run-schedule");
  run_delayed(dir / "run-delayed");

  const auto files = artifacts_under(dir.path());
  CHECK(files.size() == 19);  // 7 validate.json, 8 measure.json, 4 run.json
  for (const auto& [file, artifact] : files) {
    INFO(file.string());
    const auto record = biasbound::core::read_artifact(file, artifact);
    CHECK(record.at("schema").at("version") == biasbound::core::schema_version(artifact));
    CHECK(undocumented_paths(record, artifact) == std::vector<std::string>{});
  }

  const auto in_memory = validate_fast("momentum-nonconvex", {}, {}).record;
  CHECK(undocumented_paths(in_memory, Artifact::kValidate) == std::vector<std::string>{});
}

TEST_CASE("every key path of sweep.json is documented", "[schema][sweep]") {
  const auto documented = biasbound::testing::documented_paths(Artifact::kSweep);
  CHECK(std::find(documented.begin(), documented.end(), "schema.version") != documented.end());
  TempDir dir;
  // A completed cell and a diverged one.
  const auto sweep = bio::parse_sweep(R"(
[problem]
spec = "logistic:data=synthetic,n=200,d=5"
[method]
iterations = 10
seeds = 2
[grid]
gamma = [0.5, 1e300]
[sweep]
report_at = [5]
)",
                                      "schema.toml");
  bio::SweepOptions options;
  options.out = dir / "sweep";
  options.progress = false;
  const auto record = bio::run_sweep(sweep, options).record;
  CHECK(record.at("schema").at("version") == biasbound::core::schema_version(Artifact::kSweep));
  CHECK(undocumented_paths(record, Artifact::kSweep) == std::vector<std::string>{});
  const auto file = biasbound::core::read_artifact(dir / "sweep" / "sweep.json", Artifact::kSweep);
  CHECK(undocumented_paths(file, Artifact::kSweep) == std::vector<std::string>{});

  // A sweep with a theorem: its method's keys in config, f* known for the gaps.
  const auto delayed = bio::parse_sweep(R"(theorem = "delayed-compressed-gd-pl"
[problem]
spec = "quadratic:d=10"
[method]
gamma = 0.1
iterations = 10
seeds = 1
[grid]
compressor = ["identity", "topk:k=2"]
)",
                                        "delayed.toml");
  options.out = dir / "delayed";
  const auto with_theorem = bio::run_sweep(delayed, options).record;
  CHECK(with_theorem.at("config").at("theorem") == "delayed-compressed-gd-pl");
  CHECK(undocumented_paths(with_theorem, Artifact::kSweep) == std::vector<std::string>{});
}

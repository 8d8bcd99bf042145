// Running a sweep (io/sweep.hpp): every cell a run folder, resuming without recomputing
// finished cells, diverged seeds counted in the tables, never dropped.

#include "io/sweep.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "../test_support.hpp"
#include "core/json_io.hpp"
#include "core/schema.hpp"
#include "io/sweep_file.hpp"
#include "io/sweep_table.hpp"
#include "validators/compressor_check.hpp"

namespace bio = biasbound::io;
namespace fs = std::filesystem;
using biasbound::testing::TempDir;
using Catch::Matchers::Contains;

namespace {

const std::string kSmallSweep = R"(
[problem]
spec = "logistic:data=synthetic,n=400,d=10"
workers = 2
[estimator]
spec = "minibatch:b=8+topk:frac=0.5"
[method]
iterations = 20
seeds = 2
[grid]
gamma = [0.5, 1]
beta = [0.5, 1]
[sweep]
report_at = [10]
)";

std::string text_of(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bio::SweepOutcome sweep_into(const bio::SweepFile& sweep, const fs::path& out) {
  bio::SweepOptions options;
  options.out = out;
  options.progress = false;
  return bio::run_sweep(sweep, options);
}

}  // namespace

TEST_CASE("a sweep writes a run folder per cell, sweep.csv, the tables and sweep.json",
          "[io][sweep]") {
  const TempDir dir;
  const auto sweep = bio::parse_sweep(kSmallSweep, "small.toml");
  const auto outcome = sweep_into(sweep, dir / "out");
  CHECK(outcome.computed == 4);
  CHECK(outcome.reused == 0);
  CHECK(outcome.diverged == 0);
  CHECK_FALSE(outcome.interrupted_by);
  for (const auto& cell : sweep.cells) {
    const auto run =
        biasbound::core::read_json_file(dir / "out" / "cells" / cell.folder / "run.json");
    CHECK(run["status"] == "completed");
    CHECK(run["config"]["seeds"] == 2);
  }
  const auto record =
      biasbound::core::read_artifact(dir / "out" / "sweep.json", biasbound::core::Artifact::kSweep);
  CHECK(record["status"] == "completed");
  CHECK(record["cells"].size() == 4);
  CHECK(record["cells"][1]["folder"] == "cells/001-gamma=0.5-beta=1");
  CHECK(record["cells"][1]["values"]["beta"] == "1");

  // sweep.csv: 4 cells × 21 evaluated iterations (T = 20 evaluates every iteration).
  const auto csv = text_of(dir / "out" / "sweep.csv");
  CHECK(csv.starts_with(
      "gamma,beta,iter,seeds,seeds_reporting,diverged,train_loss_mean,train_loss_std,"
      "test_loss_mean,test_loss_std,test_acc_mean,test_acc_std,f_mean,f_std,gap_mean,gap_std,"
      "grad_norm2_mean,grad_norm2_std,bits_up_mean,bits_down_mean\n"));
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 1 + 4 * 21);
  CHECK_THAT(csv, Contains("\n0.5,1,20,2,2,0,"));
  const auto table = text_of(dir / "out" / "table.md");
  CHECK_THAT(table,
             Contains("| gamma | beta | test accuracy (%) | at iteration 10 (%) | diverged |"));
  CHECK_THAT(table, Contains(" ± "));
  CHECK_THAT(table, Contains("| 0/2 |"));
  CHECK(std::count(table.begin(), table.end(), '\n') == 2 + 4);
  CHECK(text_of(dir / "out" / "table.csv")
            .starts_with("gamma,beta,test_acc_mean,test_acc_std,test_acc_mean@10,test_acc_std@10,"
                         "diverged\n"));
}

TEST_CASE("a sweep killed mid-way resumes without recomputing finished cells", "[io][sweep]") {
  const TempDir dir;
  const auto sweep = bio::parse_sweep(kSmallSweep, "small.toml");
  sweep_into(sweep, dir / "whole");
  const auto out = dir / "resumed";
  sweep_into(sweep, out);

  // As if killed: cell 1 never finished (its run.json still says running), cell 2 never started.
  const auto cells = out / "cells";
  auto run1 = biasbound::core::read_json_file(cells / sweep.cells[1].folder / "run.json");
  run1["status"] = "running";
  biasbound::core::write_json_file(cells / sweep.cells[1].folder / "run.json", run1);
  fs::remove_all(cells / sweep.cells[2].folder);
  std::map<int, fs::file_time_type> written;
  for (const int i : {0, 3})
    written[i] = fs::last_write_time(cells / sweep.cells[i].folder / "run.json");

  const auto outcome = sweep_into(sweep, out);
  CHECK(outcome.computed == 2);
  CHECK(outcome.reused == 2);
  for (const int i : {0, 3})
    CHECK(fs::last_write_time(cells / sweep.cells[i].folder / "run.json") == written[i]);
  const auto record = biasbound::core::read_json_file(out / "sweep.json");
  CHECK(record["cells"][0]["reused"] == true);
  CHECK(record["cells"][1]["reused"] == false);
  CHECK(record["cells"][1]["status"] == "completed");
  CHECK(text_of(out / "sweep.csv") == text_of(dir / "whole" / "sweep.csv"));
  CHECK(text_of(out / "table.md") == text_of(dir / "whole" / "table.md"));

  // Another sweep into the same folder is refused, naming what differs.
  const auto other = bio::parse_sweep(kSmallSweep, "small.toml", {"seeds=3"});
  CHECK_THAT(biasbound::testing::error_of([&] { sweep_into(other, out); }),
             Contains("holds the results of a different sweep") && Contains("seeds"));
}

TEST_CASE("a diverging cell is counted in every row and the sweep still finishes", "[io][sweep]") {
  const TempDir dir;
  const auto sweep = bio::parse_sweep(R"(
[problem]
spec = "logistic:data=synthetic,n=400,d=10"
workers = 2
[method]
beta = 1
iterations = 20
seeds = 2
[grid]
gamma = [1e300, 0.5]
)",
                                      "diverge.toml");
  const auto outcome = sweep_into(sweep, dir / "out");
  CHECK(outcome.computed == 2);
  CHECK(outcome.diverged == 1);
  const auto record = biasbound::core::read_json_file(dir / "out" / "sweep.json");
  CHECK(record["status"] == "completed");
  CHECK(record["cells"][0]["status"] == "diverged");
  CHECK(record["cells"][0]["diverged_seeds"] == 2);  // both seeds ran, both diverged
  CHECK(record["cells"][1]["status"] == "completed");

  const auto table = text_of(dir / "out" / "table.csv");
  CHECK_THAT(table, Contains("\n1e+300,,,2/2\n"));
  CHECK_THAT(table, Contains("\n0.5,0."));
  CHECK_THAT(text_of(dir / "out" / "table.md"), Contains("| 1e+300 | — | 2/2 |"));
  const auto csv = text_of(dir / "out" / "sweep.csv");
  CHECK_THAT(csv, Contains("\n1e+300,0,2,2,2,"));  // iteration 0: both seeds still finite
  CHECK_THAT(csv, Contains("\n0.5,20,2,2,0,"));
}

TEST_CASE("a sweep with a theorem runs its method: delayed GD over compressors and delays",
          "[io][sweep]") {
  const TempDir dir;
  // f* is known (a quadratic), so sweep.csv has the gaps f − f*; d = 20, n = 2 workers.
  const auto sweep = bio::parse_sweep(R"(
theorem = "delayed-compressed-gd-pl"
[problem]
spec = "quadratic:d=20,L=1,mu=0.1"
workers = 2
[method]
gamma = 0.2
iterations = 30
seeds = 2
[grid]
compressor = ["identity", "topk:k=5"]
tau = [0, 3]
)",
                                      "delayed.toml");
  const auto outcome = sweep_into(sweep, dir / "out");
  REQUIRE(outcome.computed == 4);
  const auto run =
      biasbound::core::read_json_file(dir / "out" / "cells" / sweep.cells[3].folder / "run.json");
  CHECK(run["config"]["method"] == "delayed-gd");
  CHECK(run["config"]["compressor"] == "topk:k=5");
  CHECK(run["config"]["tau"] == 3);
  CHECK_FALSE(run["config"].contains("beta"));
  const auto record = biasbound::core::read_json_file(dir / "out" / "sweep.json");
  CHECK(record["config"]["theorem"] == "delayed-compressed-gd-pl");
  CHECK(record["cells"][0]["optimum"]["f_star"].is_number());

  // The rows of the last cell at T = 30: every seed moved 30 steps along top-5 messages, so the
  // bits up are 30 × 2 workers × the message's bits, and the gap is f − f* from the trace.
  const auto rows =
      bio::read_trace_metrics(dir / "out" / "cells" / sweep.cells[3].folder / "trace.csv");
  const double f_star = record["cells"][3]["optimum"]["f_star"].get<double>();
  const auto last = std::find_if(rows.begin(), rows.end(),
                                 [](const bio::TraceMetrics& r) { return r.iter == 30; });
  REQUIRE(last != rows.end());
  const auto csv = text_of(dir / "out" / "sweep.csv");
  const auto line_start = csv.find("\ntopk:k=5,3,30,");
  REQUIRE(line_start != std::string::npos);
  const auto line = csv.substr(line_start + 1, csv.find('\n', line_start + 1) - line_start - 1);
  std::vector<std::string> cells;
  for (std::size_t start = 0, comma = 0; comma != std::string::npos; start = comma + 1) {
    comma = line.find(',', start);
    cells.push_back(line.substr(start, comma == std::string::npos ? comma : comma - start));
  }
  REQUIRE(cells.size() == 20);
  // Top-k is deterministic and the problem has no sampling: both seeds have the same trace.
  CHECK(std::stod(cells[12]) == Catch::Detail::Approx(*last->f));
  CHECK(std::stod(cells[14]) == Catch::Detail::Approx(*last->f - f_star).epsilon(1e-12));
  CHECK(std::stod(cells[18]) == *last->bits_up);
  const auto cost = biasbound::validators::message_cost("topk:k=5", 20, 2);
  CHECK(*last->bits_up == 30 * 2 * cost.uplink_bits);
}

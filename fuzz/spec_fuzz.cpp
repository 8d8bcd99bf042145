// Fuzzes the spec grammar (core/spec.*) and, where it is cheap, the readers built on it: the
// problem factory (problems/factory.*) and the estimator pipeline (estimators/pipeline.*).
//
// Input: one line is a spec or pipeline; two lines are "PROBLEM\nPIPELINE". Bad text must be an
// InputError. A spec that parses must read back the same from its canonical form, and a pipeline
// that parses must run. Problems are built only when every numeric key is small and the data is
// synthetic, so that no input reads a file or allocates gigabytes by design.

#include <Eigen/Core>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/rng.hpp"
#include "core/spec.hpp"
#include "estimators/pipeline.hpp"
#include "fuzz/fuzz_support.hpp"
#include "problems/factory.hpp"

namespace {

namespace core = biasbound::core;
namespace problems = biasbound::problems;
namespace estimators = biasbound::estimators;

constexpr int kWorkers = 2;
constexpr long long kMaxProblemNumber = 64;
constexpr long long kMaxRunNumber = 1000;

std::string canonical(const core::Spec& spec) {
  std::string text = spec.name;
  for (std::size_t i = 0; i < spec.params.size(); ++i)
    text += (i == 0 ? ":" : ",") + spec.params[i].first + "=" + spec.params[i].second;
  return text;
}

// Every accessor on every key: typed reads either succeed or throw InputError.
void read_all(const core::Spec& spec) {
  core::SpecReader reader(spec, "fuzz");
  for (const auto& [key, value] : spec.params) {
    try {
      const auto number = reader.number(key);
      BIASBOUND_FUZZ_CHECK(number && std::isfinite(*number));
    } catch (const core::InputError&) {
    }
    try {
      BIASBOUND_FUZZ_CHECK(reader.integer(key).has_value());
    } catch (const core::InputError&) {
    }
    try {
      reader.boolean(key, false);
    } catch (const core::InputError&) {
    }
    BIASBOUND_FUZZ_CHECK(reader.string(key) == value);
  }
  try {
    reader.finish();  // every key was read
  } catch (const core::InputError&) {
    __builtin_trap();
  }
  (void)reader.where();
}

void check_spec(std::string_view text) {
  std::optional<core::Spec> spec;
  try {
    spec = core::parse_spec(text, "fuzz");
  } catch (const core::InputError&) {
  }
  if (spec) {
    std::optional<core::Spec> again;
    try {
      again = core::parse_spec(canonical(*spec), "fuzz");
    } catch (const core::InputError&) {
    }
    BIASBOUND_FUZZ_CHECK(again && again->name == spec->name && again->params == spec->params);
    read_all(*spec);
  }
  std::vector<core::Spec> stages;
  try {
    stages = core::parse_pipeline(text, "fuzz");
  } catch (const core::InputError&) {
  }
  for (const auto& stage : stages) read_all(stage);
}

// Whether every numeric value of every stage (seeds aside) is at most `limit` in size.
bool small_numbers(std::string_view text, long long limit) {
  try {
    for (const auto& spec : core::parse_pipeline(text, "fuzz"))
      for (const auto& [key, value] : spec.params) {
        const auto number = core::parse_double(value);
        if (number && std::abs(*number) > double(limit) && key != "seed" && key != "data_seed")
          return false;
      }
    return true;
  } catch (const core::InputError&) {
    return true;  // the factory reports it
  }
}

// Small numbers, and for logistic regression synthetic data (the other sources read files).
bool cheap_problem(std::string_view text) {
  if (!small_numbers(text, kMaxProblemNumber)) return false;
  try {
    const auto spec = core::parse_spec(text, "fuzz");
    if (spec.name != "logistic") return true;
    for (const auto& [key, value] : spec.params)
      if (key == "data") return value == "synthetic";
    return false;
  } catch (const core::InputError&) {
    return true;  // the factory reports it
  }
}

const problems::Problem& default_problem() {
  static const auto problem = problems::make_problem("quadratic:d=8,hetero=0.5", kWorkers);
  return *problem;
}

const problems::Problem& finite_sum_problem() {
  static const auto problem = problems::make_problem("logistic:data=synthetic,n=24,d=6", kWorkers);
  return *problem;
}

void check_pipeline(std::string_view text, const problems::Problem& problem) {
  try {
    auto pipeline = estimators::Pipeline::parse(text, problem);
    (void)pipeline.describe().dump();
    (void)pipeline.stateful();
    if (!small_numbers(text, kMaxRunNumber)) return;
    auto copy = pipeline;
    const Eigen::VectorXd x = Eigen::VectorXd::LinSpaced(problem.dim(), -1, 1);
    core::Rng rng(7);
    estimators::Message message;
    for (int round = 0; round < 3; ++round) {
      for (int worker = 0; worker < problem.workers(); ++worker) {
        message.resize(problem.dim());
        pipeline.run({problem, worker, x, rng, nullptr}, message);
        BIASBOUND_FUZZ_CHECK(message.values.size() == problem.dim());
      }
    }
    copy.reset();
  } catch (const core::InputError&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto newline = input.find('\n');
  if (newline == std::string_view::npos) {
    check_spec(input);
    check_pipeline(input, default_problem());
    check_pipeline(input, finite_sum_problem());
    return 0;
  }
  const auto problem_text = input.substr(0, newline);
  const auto pipeline_text = input.substr(newline + 1);
  check_spec(problem_text);
  check_spec(pipeline_text);
  if (!cheap_problem(problem_text)) return 0;
  std::unique_ptr<problems::Problem> problem;
  try {
    problem = problems::make_problem(problem_text, kWorkers);
  } catch (const core::InputError&) {
    return 0;
  }
  check_pipeline(pipeline_text, *problem);
  return 0;
}

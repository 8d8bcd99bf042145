#include "problems/synthetic.hpp"

#include <fmt/format.h>

#include <boost/random/bernoulli_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>

#include "core/error.hpp"
#include "core/memory.hpp"
#include "core/rng.hpp"

namespace biasbound::problems {
namespace {

Dataset sample(const SyntheticOptions& o, int rows, const Vector& separator, core::Rng& rng,
               std::string source) {
  boost::random::normal_distribution<double> normal;
  boost::random::bernoulli_distribution<double> flip(o.flip);
  DenseFeatures a(rows, o.dim);
  Vector labels(rows);
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < o.dim; ++c) a(r, c) = normal(rng);
    const double sign = a.row(r).dot(separator) >= 0 ? 1.0 : -1.0;
    labels[r] = flip(rng) ? -sign : sign;
  }
  return {std::move(a), std::move(labels), std::move(source)};
}

ClassDataset sample_classes(const SyntheticClassOptions& o, int rows, const FloatRows& means,
                            core::Rng& rng, std::string source) {
  boost::random::normal_distribution<float> normal;
  boost::random::uniform_int_distribution<int> uniform_class(0, o.classes - 1);
  boost::random::bernoulli_distribution<double> flip(o.flip);
  ClassDataset out{FloatRows(rows, o.dim), {}, o.classes, std::move(source)};
  for (int r = 0; r < rows; ++r) {
    const int c = uniform_class(rng);
    for (int j = 0; j < o.dim; ++j) out.features(r, j) = means(c, j) + normal(rng);
    out.labels.push_back(flip(rng) ? uniform_class(rng) : c);
  }
  return out;
}

}  // namespace

SyntheticClassData make_synthetic_classes(const SyntheticClassOptions& o, int test_examples) {
  if (o.examples < 1 || o.dim < 1 || o.classes < 2)
    throw core::input_error(
        "synthetic data: need n >= 1, d >= 1 and classes >= 2, got n={} d={} "
        "classes={}",
        o.examples, o.dim, o.classes);
  if (!(o.flip >= 0 && o.flip <= 1))
    throw core::input_error("synthetic data: flip must be in [0, 1], got {}", o.flip);
  if (test_examples < 0)
    throw core::input_error("synthetic data: n_test must be >= 0 (0: no test set), got {}",
                            test_examples);
  const double rows = 2.0 * o.examples + test_examples;
  core::require_memory(rows * o.dim * sizeof(float),
                       fmt::format("synthetic data n={} d={} n_test={} ({} floats per row)",
                                   o.examples, o.dim, test_examples, o.dim));
  auto rng = core::make_stream(o.seed, core::StreamPurpose::kData);
  boost::random::normal_distribution<float> normal;
  FloatRows means(o.classes, o.dim);
  for (int c = 0; c < o.classes; ++c)
    for (int j = 0; j < o.dim; ++j) means(c, j) = normal(rng);
  const auto name = fmt::format("synthetic n={} d={} classes={} flip={} seed={}", o.examples, o.dim,
                                o.classes, o.flip, o.seed);
  SyntheticClassData out{sample_classes(o, o.examples, means, rng, name), std::nullopt};
  if (test_examples > 0) out.test = sample_classes(o, test_examples, means, rng, name + " (test)");
  return out;
}

SyntheticData make_synthetic(const SyntheticOptions& o, int test_examples) {
  if (o.examples < 1 || o.dim < 1)
    throw core::input_error("synthetic data: need n >= 1 and d >= 1, got n={} d={}", o.examples,
                            o.dim);
  if (!(o.flip >= 0 && o.flip <= 0.5))
    throw core::input_error("synthetic data: flip must be in [0, 0.5], got {}", o.flip);
  if (test_examples < 0)
    throw core::input_error("synthetic data: n_test must be >= 0 (0: no test set), got {}",
                            test_examples);
  // The rows, and the logistic problem's copy of the training rows in shard order.
  const double rows = 2.0 * o.examples + test_examples;
  core::require_memory(rows * o.dim * sizeof(double),
                       fmt::format("synthetic data n={} d={} n_test={} ({} doubles per row)",
                                   o.examples, o.dim, test_examples, o.dim));
  auto rng = core::make_stream(o.seed, core::StreamPurpose::kData);
  boost::random::normal_distribution<double> normal;
  Vector separator(o.dim);
  for (auto& s : separator) s = normal(rng);
  separator /= std::sqrt(double(o.dim));
  const auto name =
      fmt::format("synthetic n={} d={} flip={} seed={}", o.examples, o.dim, o.flip, o.seed);
  SyntheticData out{sample(o, o.examples, separator, rng, name), std::nullopt};
  if (test_examples > 0) out.test = sample(o, test_examples, separator, rng, name + " (test)");
  return out;
}

}  // namespace biasbound::problems

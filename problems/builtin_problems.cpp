#include "problems/builtin_problems.hpp"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <limits>

#include "core/error.hpp"
#include "problems/fashion_mnist.hpp"
#include "problems/libsvm_loader.hpp"
#include "problems/logistic.hpp"
#include "problems/meta_linreg.hpp"
#include "problems/mlp.hpp"
#include "problems/quadratic.hpp"
#include "problems/sharding.hpp"
#include "problems/synthetic.hpp"

namespace biasbound::problems {
namespace {

// An integer key that must fit in an int; wider values are errors rather than wrapped ints.
int int_key(core::SpecReader& r, std::string_view key, long long fallback) {
  const long long value = r.integer(key, fallback);
  if (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max())
    throw core::input_error("{}: key '{}' is out of range ({} to {}), got {}", r.where(), key,
                            std::numeric_limits<int>::min(), std::numeric_limits<int>::max(),
                            value);
  return static_cast<int>(value);
}

// A seed key: a whole number >= 0, never a negative one wrapped around to 2^64 − 1.
std::uint64_t seed_key(core::SpecReader& r, std::string_view key) {
  const long long value = r.integer(key, 0);
  if (value < 0)
    throw core::input_error("{}: key '{}' must be >= 0, got {}", r.where(), key, value);
  return static_cast<std::uint64_t>(value);
}

std::pair<int, int> parse_classes(core::SpecReader& r) {
  const auto text = r.string("classes", "0/6");
  const auto slash = text.find('/');
  const auto first = core::parse_integer(text.substr(0, slash));
  const auto second =
      slash == std::string::npos ? std::nullopt : core::parse_integer(text.substr(slash + 1));
  if (!first || !second)
    throw core::input_error("{}: key 'classes' expects two class numbers as A/B, got '{}'",
                            r.where(), text);
  return {static_cast<int>(*first), static_cast<int>(*second)};
}

struct Data {
  Dataset train;
  std::optional<Dataset> test;
  core::Json description;
};

// Reads the data keys and returns the loader, so every key is checked before any file is read.
std::function<Data()> data_loader(core::SpecReader& r) {
  const auto source = r.choice("data", {"fashion-mnist", "libsvm", "synthetic"}, "fashion-mnist");
  if (source == "fashion-mnist") {
    // Not a structured binding: clang before 16 cannot capture one in the lambda below.
    const auto classes = parse_classes(r);
    const int negative = classes.first, positive = classes.second;
    const std::filesystem::path dir = r.string("dir", kFashionMnistDefaultDir);
    return [=] {
      return Data{load_fashion_mnist(dir, "train", negative, positive),
                  load_fashion_mnist(dir, "t10k", negative, positive),
                  {{"data", source},
                   {"classes", fmt::format("{}/{}", negative, positive)},
                   {"dir", dir.string()}}};
    };
  }
  if (source == "libsvm") {
    const auto path = r.string("path");
    if (!path) throw core::input_error("{}: data=libsvm needs path=FILE", r.where());
    const auto test_path = r.string("test");
    const auto dim = r.integer("dim");
    if (dim && *dim < 1) throw core::input_error("{}: dim must be >= 1, got {}", r.where(), *dim);
    return [=] {
      auto train = read_libsvm(*path, dim ? std::optional<int>(int(*dim)) : std::nullopt);
      std::optional<Dataset> test;
      if (test_path)
        test = read_libsvm(*test_path, dim ? std::optional<int>(int(*dim)) : std::nullopt);
      // Without dim=, both files widen to the larger of their largest feature indices.
      if (test && test->cols() != train.cols()) {
        const int width = std::max(train.cols(), test->cols());
        if (train.cols() < width) train = read_libsvm(*path, width);
        if (test->cols() < width) test = read_libsvm(*test_path, width);
      }
      return Data{std::move(train),
                  std::move(test),
                  {{"data", source}, {"path", *path}, {"test", test_path.value_or("")}}};
    };
  }
  SyntheticOptions o;
  o.examples = int_key(r, "n", o.examples);
  o.dim = int_key(r, "d", o.dim);
  o.flip = r.number("flip", o.flip);
  o.seed = seed_key(r, "data_seed");
  const int test_examples = int_key(r, "n_test", std::max(1, o.examples / 5));
  if (test_examples < 0)
    throw core::input_error("{}: key 'n_test' must be >= 0 (0: no test set), got {}", r.where(),
                            test_examples);
  return [=] {
    auto data = make_synthetic(o, test_examples);
    return Data{std::move(data.train),
                std::move(data.test),
                {{"data", source},
                 {"n", o.examples},
                 {"d", o.dim},
                 {"flip", o.flip},
                 {"data_seed", o.seed},
                 {"n_test", test_examples}}};
  };
}

// "512/512" → {512, 512}; "none": no hidden layer.
std::vector<int> parse_widths(core::SpecReader& r) {
  const auto text = r.string("hidden", "512/512");
  if (text == "none") return {};
  std::vector<int> widths;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = std::min(text.find('/', start), text.size());
    const auto width = core::parse_integer(text.substr(start, end - start));
    if (!width || *width < 1 || *width > 1'000'000)
      throw core::input_error(
          "{}: key 'hidden' expects layer widths from 1 to 1000000 as A/B/..., or 'none' (no "
          "hidden layer: multinomial logistic regression), got '{}'",
          r.where(), text);
    widths.push_back(static_cast<int>(*width));
    start = end + 1;
  }
  return widths;
}

// Fashion-MNIST classes as A/B/... ("all": the ten).
std::vector<int> parse_class_list(core::SpecReader& r) {
  const auto text = r.string("classes", "all");
  if (text == "all") return {};
  std::vector<int> classes;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = std::min(text.find('/', start), text.size());
    const auto c = core::parse_integer(text.substr(start, end - start));
    if (!c || *c < 0 || *c > 9)
      throw core::input_error(
          "{}: key 'classes' expects Fashion-MNIST classes 0 to 9 as A/B/... or 'all', got '{}'",
          r.where(), text);
    classes.push_back(static_cast<int>(*c));
    start = end + 1;
  }
  if (classes.size() < 2)
    throw core::input_error("{}: key 'classes' needs at least two classes, got '{}'", r.where(),
                            text);
  return classes;
}

struct ClassData {
  ClassDataset train;
  std::optional<ClassDataset> test;
  core::Json description;
};

// data=libsvm for networks: multi-class files; without dim= both widen to the larger width.
std::function<ClassData()> libsvm_class_loader(core::SpecReader& r) {
  const auto path = r.string("path");
  if (!path) throw core::input_error("{}: data=libsvm needs path=FILE", r.where());
  const auto test_path = r.string("test");
  const auto dim = r.integer("dim");
  if (dim && (*dim < 1 || *dim > std::numeric_limits<int>::max()))
    throw core::input_error("{}: dim must be a positive int, got {}", r.where(), *dim);
  const auto width = dim ? std::optional<int>(int(*dim)) : std::nullopt;
  return [=] {
    auto train = read_libsvm_classes(*path, width);
    std::optional<LibsvmClasses> test;
    if (test_path) test = read_libsvm_classes(*test_path, width, train.label_values);
    if (test && test->data.cols() != train.data.cols()) {
      const int wider = std::max(train.data.cols(), test->data.cols());
      if (train.data.cols() < wider) train = read_libsvm_classes(*path, wider);
      if (test->data.cols() < wider)
        test = read_libsvm_classes(*test_path, wider, train.label_values);
    }
    core::Json description = {{"data", "libsvm"},
                              {"path", *path},
                              {"test", test_path.value_or("")},
                              {"classes", train.data.classes},
                              {"labels", train.label_values}};
    return ClassData{std::move(train.data),
                     test ? std::optional(std::move(test->data)) : std::nullopt,
                     std::move(description)};
  };
}

std::function<ClassData()> class_data_loader(core::SpecReader& r) {
  const auto source = r.choice("data", {"fashion-mnist", "synthetic", "libsvm"}, "fashion-mnist");
  if (source == "libsvm") return libsvm_class_loader(r);
  if (source == "fashion-mnist") {
    const auto classes = parse_class_list(r);
    const int examples = int_key(r, "examples", 0);
    const int test_examples = int_key(r, "test_examples", 0);
    if (examples < 0 || test_examples < 0)
      throw core::input_error("{}: keys 'examples' and 'test_examples' must be >= 0 (0: all)",
                              r.where());
    const std::filesystem::path dir = r.string("dir", kFashionMnistDefaultDir);
    return [=] {
      core::Json description = {
          {"data", source},
          {"classes", classes.empty() ? core::Json("all") : core::Json(classes)},
          {"examples", examples},
          {"test_examples", test_examples},
          {"dir", dir.string()}};
      return ClassData{load_fashion_mnist_classes(dir, "train", classes, examples),
                       load_fashion_mnist_classes(dir, "t10k", classes, test_examples),
                       std::move(description)};
    };
  }
  SyntheticClassOptions o;
  o.examples = int_key(r, "n", o.examples);
  o.dim = int_key(r, "d", o.dim);
  o.classes = int_key(r, "classes", o.classes);
  o.flip = r.number("flip", o.flip);
  o.seed = seed_key(r, "data_seed");
  const int test_examples = int_key(r, "n_test", std::max(1, o.examples / 5));
  return [=] {
    auto data = make_synthetic_classes(o, test_examples);
    return ClassData{std::move(data.train),
                     std::move(data.test),
                     {{"data", source},
                      {"n", o.examples},
                      {"d", o.dim},
                      {"classes", o.classes},
                      {"flip", o.flip},
                      {"data_seed", o.seed},
                      {"n_test", test_examples}}};
  };
}

}  // namespace

std::unique_ptr<Problem> make_quadratic(core::SpecReader& r, int workers) {
  QuadraticOptions o;
  o.dim = int_key(r, "d", o.dim);
  o.L = r.number("L", o.L);
  o.mu = r.number("mu", o.mu);
  o.heterogeneity = r.number("hetero", o.heterogeneity);
  o.seed = seed_key(r, "seed");
  r.finish();
  return std::make_unique<Quadratic>(o, workers);
}

std::unique_ptr<Problem> make_logistic(core::SpecReader& r, int workers) {
  const double lambda = r.number("lambda", 1e-3);
  const auto sharding =
      parse_sharding(r.choice("shard", {"contiguous", "iid", "label-sorted"}, "contiguous"));
  const auto seed = seed_key(r, "seed");
  const auto load = data_loader(r);
  r.finish();
  if (!(lambda >= 0)) throw core::input_error("{}: lambda must be >= 0, got {}", r.where(), lambda);
  auto data = load();
  auto description = data.description;
  description["name"] = "logistic";
  description["lambda"] = lambda;
  description["shard"] = to_string(sharding);
  description["seed"] = seed;
  description["source"] = data.train.source;
  const auto shards = make_shards(data.train.labels, workers, sharding, seed);
  return std::make_unique<Logistic>(data.train, std::move(data.test), shards, lambda,
                                    std::move(description));
}

std::unique_ptr<Problem> make_meta_linreg(core::SpecReader& r, int workers) {
  MetaLinRegOptions o;
  o.tasks = int_key(r, "tasks", 8LL * workers);
  o.dim = int_key(r, "d", o.dim);
  o.examples = int_key(r, "examples", o.examples);
  o.alpha = r.number("alpha", o.alpha);
  o.noise = r.number("noise", o.noise);
  o.spread = r.number("spread", o.spread);
  o.seed = seed_key(r, "seed");
  r.finish();
  return std::make_unique<MetaLinReg>(o, workers, r.where());
}

std::unique_ptr<Problem> make_mlp(core::SpecReader& r, int workers) {
  MlpOptions o;
  o.hidden = parse_widths(r);
  o.lambda = r.number("lambda", 0);
  o.precision = parse_mlp_precision(r.choice("precision", {"float32", "float64"}, "float32"));
  const auto sharding =
      parse_sharding(r.choice("shard", {"contiguous", "iid", "label-sorted"}, "contiguous"));
  const auto seed = seed_key(r, "seed");
  const auto load = class_data_loader(r);
  r.finish();
  if (!(o.lambda >= 0))
    throw core::input_error("{}: lambda must be >= 0, got {}", r.where(), o.lambda);
  auto data = load();
  auto description = data.description;
  description["hidden"] = o.hidden;
  description["shard"] = to_string(sharding);
  description["seed"] = seed;
  const auto shards = make_shards(data.train.label_vector(), workers, sharding, seed);
  return std::make_unique<Mlp>(data.train, std::move(data.test), shards, o, std::move(description));
}

}  // namespace biasbound::problems

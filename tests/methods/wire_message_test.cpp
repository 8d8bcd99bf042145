// The wire form of a worker's message between MPI ranks (methods/wire_message.hpp): every
// compressor's messages read back to the bit, in the form the size rule picks — sign in 1 bit per
// entry, ternary in 2, QSGD in a 4-bit palette, float-valued gradients as floats, anything else as
// doubles — and several messages read back one after another from one buffer.

#include "methods/wire_message.hpp"

#include <catch2/catch.hpp>

#include <bit>
#include <limits>
#include <random>

#include "core/rng.hpp"
#include "estimators/pipeline.hpp"
#include "problems/factory.hpp"

using namespace biasbound;
using methods::wire::Form;

namespace {

constexpr int kDim = 1000;
constexpr std::size_t kHeader = 24;

// The message `compressor` makes of a random vector (an exact copy when it is empty).
estimators::Message compressed(const std::string& compressor, std::uint64_t seed) {
  static const auto problem = problems::make_problem("quadratic:d=1000", 1);
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  estimators::Message m;
  m.resize(kDim);
  for (int i = 0; i < kDim; ++i) m.values[i] = normal(rng);
  m.bits = estimators::dense_bits(kDim);
  if (compressor.empty()) return m;
  auto pipeline = estimators::Pipeline::parse_compressor(compressor, *problem);
  auto stream = core::make_stream(seed, core::StreamPurpose::kCompressor, 0);
  const Eigen::VectorXd x = Eigen::VectorXd::Zero(kDim);
  pipeline.run({*problem, 0, x, stream, nullptr}, m);
  return m;
}

// What the receiving rank adds: the carried values at their coordinates.
Eigen::VectorXd as_vector(const methods::wire::Received& r) {
  if (!r.sparse) return r.values;
  Eigen::VectorXd v = Eigen::VectorXd::Zero(kDim);
  for (std::size_t j = 0; j < r.indices.size(); ++j)
    v[r.indices[j]] = r.values[static_cast<Eigen::Index>(j)];
  return v;
}

bool same_bits(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
  if (a.size() != b.size()) return false;
  for (Eigen::Index i = 0; i < a.size(); ++i)
    if (std::bit_cast<std::uint64_t>(a[i]) != std::bit_cast<std::uint64_t>(b[i])) return false;
  return true;
}

void check_round_trip(const estimators::Message& m, Form form, std::size_t bytes) {
  std::vector<char> wire;
  CHECK(methods::wire::append(m, wire) == form);
  CHECK(wire.size() == bytes);
  methods::wire::Received r;
  CHECK(methods::wire::read(wire.data(), r) == wire.size());
  CHECK(r.sparse == m.sparse);
  CHECK(r.bits == m.bits);
  if (m.sparse) CHECK(std::vector<int>(r.indices.begin(), r.indices.end()) == m.support);
  CHECK(same_bits(as_vector(r), m.values));
}

}  // namespace

TEST_CASE("every compressor's message reads back to the bit, in its smallest exact form",
          "[wire]") {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    INFO("seed " << seed);
    // Sign: ±1 (and ±scale for scaled sign): a 2-value palette, one bit per entry.
    check_round_trip(compressed("sign", seed), Form::kPalette, kHeader + 2 * 8 + kDim / 8);
    check_round_trip(compressed("scaledsign", seed), Form::kPalette, kHeader + 2 * 8 + kDim / 8);
    // Ternary: {−s, 0, s}: two bits per entry.
    check_round_trip(compressed("ternary", seed), Form::kPalette, kHeader + 3 * 8 + kDim / 4);
    // QSGD with s = 4 levels: at most 9 values, four bits per entry.
    const auto qsgd = compressed("qsgd:s=4", seed);
    std::vector<char> wire;
    CHECK(methods::wire::append(qsgd, wire) == Form::kPalette);
    CHECK(wire.size() <= kHeader + 9 * 8 + kDim / 2);
    check_round_trip(qsgd, Form::kPalette, wire.size());
    // Top-K and Rand-K of doubles: (index, double) pairs.
    check_round_trip(compressed("topk:k=30", seed), Form::kDoubles, kHeader + 30 * 12);
    check_round_trip(compressed("randk:k=30", seed), Form::kDoubles, kHeader + 30 * 12);
    // Uncompressed doubles.
    check_round_trip(compressed("", seed), Form::kDoubles, kHeader + kDim * 8);
  }
}

TEST_CASE("values that are floats exactly travel as floats, to the same bits", "[wire]") {
  auto m = compressed("", 3);
  for (Eigen::Index i = 0; i < m.values.size(); ++i)
    m.values[i] = static_cast<float>(m.values[i]);  // a float32 network's gradient
  m.values[0] = -0.0;
  m.values[1] = std::numeric_limits<double>::infinity();
  m.values[2] = std::numeric_limits<float>::denorm_min();
  check_round_trip(m, Form::kFloats, kHeader + kDim * 4);
  auto top = compressed("topk:k=30", 3);
  for (const int i : top.support) top.values[i] = static_cast<float>(top.values[i]);
  check_round_trip(top, Form::kFloats, kHeader + 30 * 8);
  // One value a float cannot hold exactly: all travel as doubles.
  m.values[5] = 0.1;
  check_round_trip(m, Form::kDoubles, kHeader + kDim * 8);
}

TEST_CASE("a palette keeps -0 apart from +0 and NaN's bits", "[wire]") {
  estimators::Message m;
  m.resize(kDim);
  const double nan = std::bit_cast<double>(std::uint64_t{0x7ff8000000000123});
  for (int i = 0; i < kDim; ++i) m.values[i] = i % 3 == 0 ? -0.0 : i % 3 == 1 ? 0.0 : nan;
  check_round_trip(m, Form::kPalette, kHeader + 3 * 8 + kDim / 4);
}

TEST_CASE("messages of every form read back one after another from one buffer", "[wire]") {
  std::vector<estimators::Message> sent;
  for (const char* compressor : {"sign", "topk:k=7", "", "ternary", "qsgd:s=2", "randk:k=1"})
    sent.push_back(compressed(compressor, 11));
  std::vector<char> wire;
  for (const auto& m : sent) methods::wire::append(m, wire);
  std::size_t at = 0;
  methods::wire::Received r;
  for (const auto& m : sent) {
    at += methods::wire::read(wire.data() + at, r);
    CHECK(same_bits(as_vector(r), m.values));
  }
  CHECK(at == wire.size());
}

// Compressors brought to `check`: their bit costs per message, their closed-form δ or α, and the
// trade-off table, which must rank compressors as the closed forms say.

#include <catch2/catch.hpp>

#include <cmath>

#include "core/error.hpp"
#include "theory/check_report.hpp"
#include "validators/compressor_check.hpp"
#include "validators/compressor_table.hpp"

namespace biasbound::validators {
namespace {

using theory::Symbol;

theory::CheckArgs pl_args(const std::string& theorem) {
  theory::CheckArgs a;
  a.theorem = theorem;
  a.values = {{Symbol::L, "1"}, {Symbol::mu, "0.01"}, {Symbol::F0, "10"}};
  a.eps = "0.001";
  a.gamma_for_eps = true;
  return a;
}

const CompressorRow& row_of(const CompressorTable& table, const std::string& spec) {
  for (const auto& row : table.rows)
    if (row.compressor == spec) return row;
  FAIL("no row " << spec);
  return table.rows.front();
}

theory::Rational constant_of(const CompressorRow& row, Symbol symbol) {
  return row.result->inputs.at(symbol).value;
}

}  // namespace

TEST_CASE("message costs follow the bit-cost model", "[validators][bits]") {
  const auto topk = message_cost("topk:k=10", 100, 4);
  CHECK(topk.uplink_bits == 10 * (32 + 7));
  CHECK(topk.downlink_bits == 3200);
  CHECK(topk.workers == 4);
  CHECK(topk.encoding.find("topk") != std::string::npos);
  CHECK(message_cost("qsgd:s=4", 1000, 1).uplink_bits == 32 + 1000 * (1 + 3));
  CHECK(message_cost("scaledsign", 300, 1).uplink_bits == 332);
  CHECK(message_cost("identity", 300, 1).uplink_bits == 32 * 300);
  CHECK(message_cost("ternary", 300, 1).uplink_bits == Approx(std::log2(3.0) * 300 + 32));
  CHECK_THROWS_WITH(message_cost("topk:k=200", 100, 1), Catch::Contains("topk"));
  CHECK_THROWS_WITH(message_cost("topk:k=2", 0, 1), Catch::Contains("--d"));
}

TEST_CASE("a compressor supplies the delta or alpha its statement needs", "[validators][bits]") {
  theory::CheckArgs a;
  a.theorem = "compressed-gd-contraction";
  apply_compressor(a, "topk:k=10", 100, 2);
  CHECK(a.values.at(Symbol::delta) == "1/10");
  CHECK(a.sources.at(Symbol::delta).find("topk:k=10") != std::string::npos);
  REQUIRE(a.message);
  CHECK(a.message->uplink_bits == 390);

  theory::CheckArgs given;
  given.theorem = "compressed-gd-contraction";
  given.values[Symbol::delta] = "0.5";
  apply_compressor(given, "topk:k=10", 100, 2);
  CHECK(given.values.at(Symbol::delta) == "0.5");  // a flag wins over the closed form

  theory::CheckArgs sign;
  sign.theorem = "unbiased-compressed-gd";
  CHECK_THROWS_WITH(apply_compressor(sign, "sign", 100, 1),
                    Catch::Contains("unbiased compressor (α)") && Catch::Contains("sign"));
}

TEST_CASE("the compressor table ranks unbiased compressors by alpha and counts bits exactly",
          "[validators][bits]") {
  const int d = 1000, n = 8;
  const auto table = compressor_table(
      {.check = pl_args("unbiased-compressed-gd"),
       .compressors = {"randk:k=100,scaled=true", "qsgd:s=4", "ternary", "topk:k=50", "sign"},
       .dim = d,
       .workers = n});
  REQUIRE(table.rows.size() == 6);
  CHECK(table.rows.front().compressor == "identity");
  CHECK(*table.rows.front().bits_ratio == 1);

  // At its best step γ = 1/(αL) the rate is 1 − μ/(2αL): more iterations for a larger α.
  std::vector<const CompressorRow*> unbiased;
  for (const auto* spec : {"identity", "qsgd:s=4", "randk:k=100,scaled=true", "ternary"})
    unbiased.push_back(&row_of(table, spec));
  for (std::size_t i = 0; i + 1 < unbiased.size(); ++i) {
    REQUIRE(unbiased[i]->result);
    CHECK(constant_of(*unbiased[i], Symbol::alpha) < constant_of(*unbiased[i + 1], Symbol::alpha));
    CHECK(unbiased[i]->result->iterations_to_eps->count <=
          unbiased[i + 1]->result->iterations_to_eps->count);
  }
  for (const auto& row : table.rows) {
    if (!row.result) continue;
    const auto& r = *row.result;
    INFO(row.compressor);
    REQUIRE(r.bits_to_eps);
    const auto messages = r.iterations_to_eps->count * n;
    CHECK(r.bits_to_eps->uplink ==
          messages * theory::Wide(message_cost(row.compressor, d, n).uplink_bits));
    CHECK(r.bits_to_eps->downlink == messages * 32 * d);
  }
  // Top-k has no α: it is checked against the contraction statement of the same method.
  const auto& topk = row_of(table, "topk:k=50");
  REQUIRE(topk.result);
  CHECK(topk.result->theorem->info().id == "compressed-gd-contraction");
  CHECK(constant_of(topk, Symbol::delta) == theory::Rational(1, 20));
  CHECK_FALSE(row_of(table, "sign").result);
  CHECK(row_of(table, "sign").not_covered.find("sign") != std::string::npos);

  const auto json = table.to_json();
  CHECK(json["rows"].size() == 6);
  CHECK(json["rows"][0]["bits_ratio_to_fp32"] == 1.0);
  CHECK(table.to_text().find("not covered") != std::string::npos);
}

TEST_CASE("the compressor table refuses what it cannot compare", "[validators][bits]") {
  CompressorTableArgs args{.check = pl_args("unbiased-compressed-gd"),
                           .compressors = {"qsgd:s=2"},
                           .dim = 100,
                           .workers = 1};
  args.check.values[Symbol::alpha] = "2";
  CHECK_THROWS_WITH(compressor_table(args), Catch::Contains("drop --alpha"));
  args.check.values.erase(Symbol::alpha);
  args.check.eps.reset();
  CHECK_THROWS_WITH(compressor_table(args), Catch::Contains("--eps"));
  args.check = pl_args("biased-sgd-pl");
  CHECK_THROWS_WITH(compressor_table(args), Catch::Contains("no compressor constant"));
}

TEST_CASE("on blocks, a compressor acts on each block: alpha of the largest, bits summed",
          "[validators][bits]") {
  theory::CheckArgs a;
  a.theorem = "block-coordinate-pl";
  a.values[Symbol::B] = "3";
  apply_compressor(a, "randk:k=5,scaled=true", 100, 2);  // blocks of 34, 33, 33
  CHECK(a.values.at(Symbol::alpha) == "34/5");
  CHECK(a.sources.at(Symbol::alpha).find("block of 34") != std::string::npos);
  REQUIRE(a.message);
  CHECK(a.message->uplink_bits == 3 * 5 * (32 + 6));  // ⌈log₂ 34⌉ = ⌈log₂ 33⌉ = 6
  CHECK(a.message->downlink_bits == 3200);
}

}  // namespace biasbound::validators

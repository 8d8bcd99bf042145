#pragma once
// A compressor C on its own: transform stages with no source, applied to a vector the method
// forms itself (error feedback compresses γg + e, not a gradient). Pipeline::parse cannot serve:
// it puts `exact` in front of a transform-only spec. "identity" is C(v) = v.

#include <memory>
#include <string_view>
#include <vector>

#include "estimators/stage.hpp"

namespace biasbound::methods {

class Compressor {
 public:
  /// Parses transform stages such as "topk:k=5" or "randk:k=2+clip:c=1", or "identity".
  static Compressor parse(std::string_view text, const problems::Problem& problem);

  Compressor(const Compressor& other);  // deep copy: every worker owns one
  Compressor& operator=(const Compressor& other);
  Compressor(Compressor&&) noexcept = default;
  Compressor& operator=(Compressor&&) noexcept = default;
  ~Compressor() = default;

  /// Replaces message.values (the input, dense) by its compression and sets the message's
  /// support and bits.
  void apply(const estimators::Context& context, estimators::Message& message);
  void reset();

 private:
  Compressor() = default;

  std::vector<std::unique_ptr<estimators::Stage>> stages_;
};

}  // namespace biasbound::methods

#include "methods/wire_message.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <optional>

namespace biasbound::methods::wire {
namespace {

struct Header {
  std::int32_t sparse = 0;
  std::int32_t count = 0;  // values carried
  double bits = 0;         // the bit-cost model's
  Form form = Form::kDoubles;
  std::uint8_t code_bits = 0;  // kPalette: bits per code
  std::uint16_t palette = 0;   // kPalette: distinct values
  std::int32_t unused = 0;
};
static_assert(sizeof(Header) == 24);

constexpr std::size_t kMaxPalette = 16;

std::uint64_t bits_of(double v) {
  return std::bit_cast<std::uint64_t>(v);
}

// The carried values in order: the support's for a sparse message, all d otherwise.
template <class Visit>
void for_each_value(const estimators::Message& m, Visit&& visit) {
  if (m.sparse)
    for (const int i : m.support) visit(m.values[i]);
  else
    for (Eigen::Index i = 0; i < m.values.size(); ++i) visit(m.values[i]);
}

bool all_floats(const estimators::Message& m) {
  bool exact = true;
  for_each_value(m, [&](double v) {
    exact = exact && bits_of(static_cast<double>(static_cast<float>(v))) == bits_of(v);
  });
  return exact;
}

// The distinct values (by bit pattern) in order of first appearance, if there are at most
// kMaxPalette.
std::optional<std::vector<std::uint64_t>> palette_of(const estimators::Message& m) {
  std::vector<std::uint64_t> palette;
  bool small = true;
  for_each_value(m, [&](double v) {
    if (!small) return;
    const auto b = bits_of(v);
    if (std::find(palette.begin(), palette.end(), b) != palette.end()) return;
    palette.push_back(b);
    small = palette.size() <= kMaxPalette;
  });
  if (!small) return std::nullopt;
  return palette;
}

int code_bits_for(std::size_t distinct) {
  return distinct <= 2 ? 1 : distinct <= 4 ? 2 : 4;
}

std::size_t code_bytes(std::size_t count, int code_bits) {
  return (count * static_cast<std::size_t>(code_bits) + 7) / 8;
}

void put(std::vector<char>& out, const void* data, std::size_t bytes) {
  const auto* begin = static_cast<const char*>(data);
  out.insert(out.end(), begin, begin + bytes);
}

}  // namespace

Form append(const estimators::Message& m, std::vector<char>& out) {
  const auto count = m.sparse ? m.support.size() : static_cast<std::size_t>(m.values.size());
  Header h;
  h.sparse = m.sparse ? 1 : 0;
  h.count = static_cast<std::int32_t>(count);
  h.bits = m.bits;
  const auto palette = palette_of(m);
  const std::size_t as_palette =
      palette ? palette->size() * 8 + code_bytes(count, code_bits_for(palette->size())) : SIZE_MAX;
  const std::size_t as_floats = all_floats(m) ? count * 4 : SIZE_MAX;
  h.form = as_palette < std::min(as_floats, count * 8) ? Form::kPalette
           : as_floats < count * 8                     ? Form::kFloats
                                                       : Form::kDoubles;
  if (h.form == Form::kPalette) {
    h.palette = static_cast<std::uint16_t>(palette->size());
    h.code_bits = static_cast<std::uint8_t>(code_bits_for(palette->size()));
  }
  out.reserve(out.size() + sizeof h + count * (sizeof(std::int32_t) + sizeof(double)));
  put(out, &h, sizeof h);
  static_assert(sizeof(int) == sizeof(std::int32_t));
  if (m.sparse) put(out, m.support.data(), m.support.size() * sizeof(std::int32_t));
  switch (h.form) {
    case Form::kDoubles:
      if (!m.sparse) {
        put(out, m.values.data(), count * sizeof(double));
        break;
      }
      for_each_value(m, [&](double v) { put(out, &v, sizeof v); });
      break;
    case Form::kFloats:
      for_each_value(m, [&](double v) {
        const auto f = static_cast<float>(v);
        put(out, &f, sizeof f);
      });
      break;
    case Form::kPalette: {
      put(out, palette->data(), palette->size() * sizeof(std::uint64_t));
      const auto at = out.size();
      out.resize(at + code_bytes(count, h.code_bits), 0);
      std::size_t j = 0;
      for_each_value(m, [&](double v) {
        const auto code = static_cast<unsigned>(
            std::find(palette->begin(), palette->end(), bits_of(v)) - palette->begin());
        const std::size_t bit = j++ * h.code_bits;
        out[at + bit / 8] =
            static_cast<char>(static_cast<unsigned char>(out[at + bit / 8]) | (code << (bit % 8)));
      });
      break;
    }
  }
  return h.form;
}

std::size_t read(const char* at, Received& into) {
  Header h;
  std::memcpy(&h, at, sizeof h);
  const auto count = static_cast<std::size_t>(h.count);
  const char* p = at + sizeof h;
  into.sparse = h.sparse != 0;
  into.bits = h.bits;
  into.indices.resize(into.sparse ? count : 0);
  if (into.sparse) {
    std::memcpy(into.indices.data(), p, count * sizeof(std::int32_t));
    p += count * sizeof(std::int32_t);
  }
  into.values.resize(static_cast<Eigen::Index>(count));
  switch (h.form) {
    case Form::kDoubles:
      std::memcpy(into.values.data(), p, count * sizeof(double));
      p += count * sizeof(double);
      break;
    case Form::kFloats:
      for (std::size_t j = 0; j < count; ++j) {
        float f = 0;
        std::memcpy(&f, p + j * sizeof f, sizeof f);
        into.values[static_cast<Eigen::Index>(j)] = f;
      }
      p += count * sizeof(float);
      break;
    case Form::kPalette: {
      std::array<double, kMaxPalette> palette{};
      std::memcpy(palette.data(), p, h.palette * sizeof(double));
      p += h.palette * sizeof(double);
      const unsigned mask = (1u << h.code_bits) - 1;
      for (std::size_t j = 0; j < count; ++j) {
        const std::size_t bit = j * h.code_bits;
        const unsigned code = (static_cast<unsigned char>(p[bit / 8]) >> (bit % 8)) & mask;
        into.values[static_cast<Eigen::Index>(j)] = palette[code];
      }
      p += code_bytes(count, h.code_bits);
      break;
    }
  }
  return static_cast<std::size_t>(p - at);
}

}  // namespace biasbound::methods::wire

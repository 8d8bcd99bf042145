#pragma once
// A minimal PNG reader for the report tests: 8-bit RGB or RGBA, non-interlaced (what Chromium's
// --screenshot writes), decoded with zlib into pixels, so a test can tell a rendered page from
// a blank one without an image library.

#include <zlib.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace biasbound::plots_test {

struct Pixels {
  std::uint32_t width = 0, height = 0;
  std::vector<std::uint32_t> rgb;  // 0xRRGGBB per pixel, row by row
};

namespace png_detail {

inline std::uint32_t big_endian(const std::string& s, std::size_t at) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(s[at + i]);
  return v;
}

inline int paeth(int a, int b, int c) {
  const int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
  return pa <= pb && pa <= pc ? a : (pb <= pc ? b : c);
}

/// Undoes the per-row filters (PNG spec §9) in place; `raw` is rows of 1 + stride bytes.
inline std::vector<unsigned char> unfilter(const std::vector<unsigned char>& raw,
                                           std::size_t stride, std::size_t height, int bpp) {
  std::vector<unsigned char> out(stride * height);
  for (std::size_t y = 0; y < height; ++y) {
    const int filter = raw[y * (stride + 1)];
    const unsigned char* in = &raw[y * (stride + 1) + 1];
    unsigned char* row = &out[y * stride];
    const unsigned char* up = y ? &out[(y - 1) * stride] : nullptr;
    for (std::size_t x = 0; x < stride; ++x) {
      const int a = x >= static_cast<std::size_t>(bpp) ? row[x - bpp] : 0;
      const int b = up ? up[x] : 0;
      const int c = up && x >= static_cast<std::size_t>(bpp) ? up[x - bpp] : 0;
      const int predictor = filter == 1   ? a
                            : filter == 2 ? b
                            : filter == 3 ? (a + b) / 2
                            : filter == 4 ? paeth(a, b, c)
                                          : 0;
      row[x] = static_cast<unsigned char>(in[x] + predictor);
    }
  }
  return out;
}

}  // namespace png_detail

inline Pixels read_png(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  const std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (s.size() < 33 || s.compare(1, 3, "PNG") != 0) throw std::runtime_error(path + ": not a PNG");
  Pixels p;
  p.width = png_detail::big_endian(s, 16);
  p.height = png_detail::big_endian(s, 20);
  const int depth = s[24], colour = s[25], interlace = s[28];
  if (depth != 8 || (colour != 2 && colour != 6) || interlace != 0)
    throw std::runtime_error(path + ": only 8-bit RGB/RGBA non-interlaced PNG is supported");
  std::string compressed;
  for (std::size_t at = 8; at + 8 <= s.size();) {
    const auto length = png_detail::big_endian(s, at);
    if (s.compare(at + 4, 4, "IDAT") == 0) compressed += s.substr(at + 8, length);
    at += 12 + length;  // length, type, data, CRC
  }
  const int bpp = colour == 6 ? 4 : 3;
  const std::size_t stride = std::size_t{p.width} * bpp;
  std::vector<unsigned char> raw((stride + 1) * p.height);
  uLongf size = raw.size();
  if (uncompress(raw.data(), &size, reinterpret_cast<const Bytef*>(compressed.data()),
                 compressed.size()) != Z_OK ||
      size != raw.size())
    throw std::runtime_error(path + ": corrupt image data");
  const auto pixels = png_detail::unfilter(raw, stride, p.height, bpp);
  p.rgb.reserve(std::size_t{p.width} * p.height);
  for (std::size_t i = 0; i < pixels.size(); i += bpp)
    p.rgb.push_back((std::uint32_t{pixels[i]} << 16) | (std::uint32_t{pixels[i + 1]} << 8) |
                    pixels[i + 2]);
  return p;
}

/// How much of a picture is not background: the fraction of pixels unlike the top-left one,
/// and the number of distinct colours (text, tables and figures give many; a blank page one).
struct Coverage {
  double ink = 0;
  std::size_t colours = 0;
};

inline Coverage coverage(const Pixels& p) {
  if (p.rgb.empty()) return {};
  const std::set<std::uint32_t> colours(p.rgb.begin(), p.rgb.end());
  std::size_t unlike = 0;
  for (const auto c : p.rgb) unlike += c != p.rgb.front();
  return {double(unlike) / double(p.rgb.size()), colours.size()};
}

}  // namespace biasbound::plots_test

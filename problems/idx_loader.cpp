#include "problems/idx_loader.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace biasbound::problems {

namespace {

constexpr std::uint8_t kUnsignedByte = 0x08;
constexpr int kMaxDims = 4;
// Large reads let zlib copy or inflate straight into the output: the training images are 47 MB.
constexpr std::size_t kChunkBytes = std::size_t{1} << 22;

struct GzCloser {
  void operator()(gzFile file) const { gzclose(file); }
};
using GzHandle = std::unique_ptr<gzFile_s, GzCloser>;

class IdxReader {
 public:
  explicit IdxReader(const std::filesystem::path& path) : path_(path.string()) {
    file_.reset(gzopen(path_.c_str(), "rb"));
    if (!file_)
      throw core::input_error("cannot open IDX file '{}': {}", path_, std::strerror(errno));
  }

  // Reads up to `size` bytes and returns how many arrived; fewer means end of file.
  std::size_t read(std::uint8_t* out, std::size_t size) {
    std::size_t done = 0;
    while (done < size) {
      const auto want = static_cast<unsigned>(std::min(size - done, kChunkBytes));
      const int got = gzread(file_.get(), out + done, want);
      if (got < 0) fail();
      if (got == 0) break;
      done += static_cast<std::size_t>(got);
    }
    // A gzip stream cut short ends without gzread returning -1; only gzerror reveals it.
    if (done < size) check_stream();
    return done;
  }

  const std::string& path() const { return path_; }

 private:
  void check_stream() {
    int code = Z_OK;
    gzerror(file_.get(), &code);
    if (code != Z_OK) fail();
  }

  [[noreturn]] void fail() {
    int code = Z_OK;
    std::string_view message = gzerror(file_.get(), &code);
    // zlib prefixes its message with the path, which ours already names.
    const std::string prefix = path_ + ": ";
    if (message.starts_with(prefix)) message.remove_prefix(prefix.size());
    throw core::input_error("cannot read IDX file '{}': {}", path_, message);
  }

  std::string path_;
  GzHandle file_;
};

std::vector<int> read_dims(IdxReader& reader) {
  std::array<std::uint8_t, 4> magic{};
  const std::size_t got = reader.read(magic.data(), magic.size());
  if (got < magic.size())
    throw core::input_error("IDX file '{}' is truncated: expected a 4-byte header, found {} bytes",
                            reader.path(), got);
  if (magic[0] != 0 || magic[1] != 0)
    throw core::input_error(
        "'{}' is not an IDX file: expected magic bytes 00 00, found {:02x} {:02x}", reader.path(),
        magic[0], magic[1]);
  if (magic[2] != kUnsignedByte)
    throw core::input_error(
        "IDX file '{}' has unsupported element type 0x{:02x}: expected 0x08 (unsigned byte)",
        reader.path(), magic[2]);
  const int ndims = magic[3];
  if (ndims < 1 || ndims > kMaxDims)
    throw core::input_error("IDX file '{}' has {} dimensions: expected 1 to {}", reader.path(),
                            ndims, kMaxDims);

  std::vector<int> dims;
  for (int i = 0; i < ndims; ++i) {
    std::array<std::uint8_t, 4> bytes{};
    const std::size_t size_got = reader.read(bytes.data(), bytes.size());
    if (size_got < bytes.size())
      throw core::input_error("IDX file '{}' is truncated: expected {} dimension sizes, found {}",
                              reader.path(), ndims, i);
    const std::uint32_t dim = (std::uint32_t{bytes[0]} << 24) | (std::uint32_t{bytes[1]} << 16) |
                              (std::uint32_t{bytes[2]} << 8) | bytes[3];
    if (dim == 0 || dim > static_cast<std::uint32_t>(std::numeric_limits<int>::max()))
      throw core::input_error(
          "IDX file '{}' has size {} in dimension {}: expected a positive 32-bit signed integer",
          reader.path(), dim, i);
    dims.push_back(static_cast<int>(dim));
  }
  return dims;
}

std::size_t element_count(const std::vector<int>& dims, const std::string& path) {
  std::size_t count = 1;
  for (int dim : dims) {
    const auto size = static_cast<std::size_t>(dim);
    if (count > std::numeric_limits<std::size_t>::max() / size)
      throw core::input_error("IDX file '{}' has dimensions {} whose product overflows", path,
                              fmt::join(dims, "x"));
    count *= size;
  }
  return count;
}

}  // namespace

IdxArray read_idx(const std::filesystem::path& path) {
  IdxReader reader(path);
  IdxArray array;
  array.dims = read_dims(reader);
  const std::size_t expected = element_count(array.dims, reader.path());

  // Grow chunk by chunk so that a corrupt header claiming huge dims fails as truncated
  // instead of allocating the claimed size up front.
  std::size_t found = 0;
  while (found < expected) {
    array.data.resize(found + std::min(expected - found, kChunkBytes));
    const std::size_t want = array.data.size() - found;
    const std::size_t got = reader.read(array.data.data() + found, want);
    found += got;
    if (got < want)
      throw core::input_error(
          "IDX file '{}' is truncated: dimensions {} need {} data bytes, found {}", reader.path(),
          fmt::join(array.dims, "x"), expected, found);
  }
  std::uint8_t extra = 0;
  if (reader.read(&extra, 1) != 0)
    throw core::input_error(
        "IDX file '{}' has trailing bytes after the {} data bytes of dimensions {}", reader.path(),
        expected, fmt::join(array.dims, "x"));
  return array;
}

}  // namespace biasbound::problems

// SPDX-License-Identifier: Apache-2.0
#include "kv/core/zstd_codec.h"

#include <zstd.h>

namespace kv::core {

std::vector<std::uint8_t> zstdCompress(std::span<const std::uint8_t> raw, int level)
{
    std::vector<std::uint8_t> out(ZSTD_compressBound(raw.size()));
    const std::size_t n = ZSTD_compress(out.data(), out.size(), raw.data(), raw.size(), level);
    out.resize(ZSTD_isError(n) ? 0 : n);
    return out;
}

Expected<std::vector<std::uint8_t>> zstdDecompress(std::span<const std::uint8_t> compressed, std::size_t rawSize)
{
    std::vector<std::uint8_t> out(rawSize);
    const std::size_t n = ZSTD_decompress(out.data(), out.size(), compressed.data(), compressed.size());
    if (ZSTD_isError(n))
        return Status::error(std::string("zstd: ") + ZSTD_getErrorName(n));
    if (n != rawSize)
        return Status::error("zstd: decompressed " + std::to_string(n) + " bytes, expected " + std::to_string(rawSize));
    return out;
}

} // namespace kv::core

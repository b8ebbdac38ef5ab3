// SPDX-License-Identifier: Apache-2.0
#include "kv/importers/input_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <xxhash.h>
#include <zstd.h>

namespace kv::importers {

namespace {

struct FileCloser
{
    void operator()(std::FILE* f) const { std::fclose(f); }
};

core::Expected<std::string> readAll(const std::string& path)
{
    std::unique_ptr<std::FILE, FileCloser> f(std::fopen(path.c_str(), "rb"));
    if (!f)
        return core::Status::error(path + ": cannot open: " + std::strerror(errno));
    std::string data;
    if (std::fseek(f.get(), 0, SEEK_END) == 0) {
        const long size = std::ftell(f.get());
        if (size > 0)
            data.reserve(static_cast<std::size_t>(size) + kInputPadding);
        std::fseek(f.get(), 0, SEEK_SET);
    }
    char buf[1 << 16];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f.get())) > 0)
        data.append(buf, n);
    if (std::ferror(f.get()))
        return core::Status::error(path + ": read error: " + std::strerror(errno));
    return data;
}

bool isZstd(const std::string& d)
{
    return d.size() >= 4 && static_cast<unsigned char>(d[0]) == 0x28 && static_cast<unsigned char>(d[1]) == 0xb5
        && static_cast<unsigned char>(d[2]) == 0x2f && static_cast<unsigned char>(d[3]) == 0xfd;
}

core::Status decompress(const std::string& path, const std::string& in, std::string& out)
{
    std::unique_ptr<ZSTD_DCtx, decltype(&ZSTD_freeDCtx)> ctx(ZSTD_createDCtx(), &ZSTD_freeDCtx);
    const unsigned long long frameSize = ZSTD_getFrameContentSize(in.data(), in.size());
    if (frameSize != ZSTD_CONTENTSIZE_UNKNOWN && frameSize != ZSTD_CONTENTSIZE_ERROR && frameSize < (1ULL << 34))
        out.reserve(frameSize + kInputPadding);
    ZSTD_inBuffer src { in.data(), in.size(), 0 };
    std::string chunk(ZSTD_DStreamOutSize(), '\0');
    std::size_t ret = 0;
    for (;;) {
        ZSTD_outBuffer dst { chunk.data(), chunk.size(), 0 };
        ret = ZSTD_decompressStream(ctx.get(), &dst, &src);
        if (ZSTD_isError(ret))
            return core::Status::error(
                path + ": byte " + std::to_string(src.pos) + ": corrupt zstd data: " + ZSTD_getErrorName(ret));
        out.append(chunk.data(), dst.pos);
        // Done when all input is consumed and the decoder had nothing more to flush.
        if (src.pos == src.size && dst.pos < dst.size)
            break;
    }
    if (ret != 0)
        return core::Status::error(path + ": byte " + std::to_string(in.size())
            + ": truncated zstd stream (the frame ends early; the file was cut off)");
    return {};
}

} // namespace

core::Expected<InputFile> readInputFile(const std::string& path)
{
    auto raw = readAll(path);
    if (!raw)
        return raw.status();
    InputFile f;
    f.path = path;
    f.diskSize = raw->size();
    f.contentHash = XXH3_64bits(raw->data(), raw->size());
    if (isZstd(*raw)) {
        f.compressed = true;
        if (core::Status s = decompress(path, *raw, f.bytes); !s)
            return s;
    } else {
        f.bytes = std::move(*raw);
    }
    if (f.bytes.capacity() < f.bytes.size() + kInputPadding)
        f.bytes.reserve(f.bytes.size() + kInputPadding);
    return f;
}

core::Expected<std::uint64_t> hashFile(const std::string& path, std::uint64_t* size)
{
    auto raw = readAll(path);
    if (!raw)
        return raw.status();
    if (size)
        *size = raw->size();
    return static_cast<std::uint64_t>(XXH3_64bits(raw->data(), raw->size()));
}

} // namespace kv::importers

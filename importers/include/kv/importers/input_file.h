// SPDX-License-Identifier: Apache-2.0
// Reads an input file whole, decompressing zstd transparently (detected by its magic bytes, not
// the extension), and hashes the bytes on disk so re-imports of the same file can be skipped.
#pragma once

#include "kv/core/status.h"

#include <cstdint>
#include <string>

namespace kv::importers {

struct InputFile
{
    std::string path;
    std::string bytes; // decompressed content; capacity leaves room for parser padding
    std::uint64_t contentHash = 0; // XXH3-64 of the file as stored
    std::uint64_t diskSize = 0;
    bool compressed = false;
    bool keepText = false; // agent logs: keep prompt text with the session (--keep-text)
};

// Padding kept after the content (simdjson reads up to 64 bytes past the end).
inline constexpr std::size_t kInputPadding = 64;

core::Expected<InputFile> readInputFile(const std::string& path);

// Hash of a file's bytes without decompressing (for the "already imported?" check).
core::Expected<std::uint64_t> hashFile(const std::string& path, std::uint64_t* size = nullptr);

} // namespace kv::importers

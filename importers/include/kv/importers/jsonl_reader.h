// SPDX-License-Identifier: Apache-2.0
// Line-by-line access to a JSONL InputFile: each line as a view into the file's bytes with its
// line number and byte offset, and a simdjson view of it that needs no copy (the file keeps
// padding after its end). No line-length limit: multi-megabyte lines are fine.
#pragma once

#include "kv/importers/input_file.h"

#include <cstdint>
#include <simdjson.h>
#include <string_view>

namespace kv::importers {

struct JsonlLine
{
    std::string_view text; // without the trailing newline (and \r)
    std::uint64_t number = 0; // 1-based
    std::uint64_t offset = 0; // byte offset of the line's start
    bool lastWithoutNewline = false; // the file ends inside this line (maybe cut off while written)
};

class JsonlReader
{
public:
    explicit JsonlReader(const InputFile& file)
        : m_file(file)
    {
    }
    // Next non-blank line; false at the end.
    bool next(JsonlLine& line);
    // A simdjson view of the line, valid while the file lives.
    simdjson::padded_string_view padded(const JsonlLine& line) const;

private:
    const InputFile& m_file;
    std::size_t m_pos = 0;
    std::uint64_t m_number = 0;
};

} // namespace kv::importers

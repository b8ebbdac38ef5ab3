// SPDX-License-Identifier: Apache-2.0
// The importer interface: a pure parser from a file's bytes to sessions. Importers are registered
// in an ImporterRegistry made by the caller (no global registry) and chosen by probing the first
// bytes of the content, the file name only breaking ties.
#pragma once

#include "kv/core/session.h"
#include "kv/core/status.h"
#include "kv/importers/input_file.h"

#include <string>
#include <string_view>
#include <vector>

namespace kv::importers {

struct ParseOutput
{
    std::vector<core::Session> sessions;
    std::vector<std::string> warnings; // "file: line/byte N: what", skipped or repaired input
};

class Importer
{
public:
    virtual ~Importer() = default;
    virtual std::string_view id() const = 0; // "kv-cache-tester"
    // 0 = not this format; higher = more confident. head is the start of the decompressed content.
    virtual int probe(std::string_view head, std::string_view path) const = 0;
    // Errors name the file and the byte offset or line, and what was wrong.
    virtual core::Expected<ParseOutput> parse(const InputFile& file) const = 0;
    // A file that is read as part of another one (a Claude Code sub-agent transcript beside its
    // session): a directory walk skips it, naming the file that carries it; empty when not.
    virtual std::string companionOf(std::string_view /*head*/, std::string_view /*path*/) const { return {}; }
};

} // namespace kv::importers

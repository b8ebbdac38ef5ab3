// SPDX-License-Identifier: Apache-2.0
// kv-cache-tester traces (callanjfox/kv-cache-tester): one JSON object per file with hash-only
// requests and nested "subagent" entries whose requests are timed relative to their marker.
#pragma once

#include "kv/importers/importer.h"

namespace kv::importers {

class KvCacheTesterImporter final : public Importer
{
public:
    std::string_view id() const override { return "kv-cache-tester"; }
    int probe(std::string_view head, std::string_view path) const override;
    core::Expected<ParseOutput> parse(const InputFile& file) const override;
};

} // namespace kv::importers

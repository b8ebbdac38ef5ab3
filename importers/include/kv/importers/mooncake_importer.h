// SPDX-License-Identifier: Apache-2.0
// Mooncake traces (kvcache-ai/Mooncake FAST'25): JSONL of {timestamp (ms), input_length,
// output_length, hash_ids}, 512-token blocks (the last one partial), ids shared across the
// whole file. The file is one session whose requests are independent conversations.
#pragma once

#include "kv/importers/importer.h"

namespace kv::importers {

class MooncakeImporter final : public Importer
{
public:
    std::string_view id() const override { return "mooncake"; }
    int probe(std::string_view head, std::string_view path) const override;
    core::Expected<ParseOutput> parse(const InputFile& file) const override;
};

} // namespace kv::importers

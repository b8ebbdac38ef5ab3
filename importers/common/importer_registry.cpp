// SPDX-License-Identifier: Apache-2.0
#include "kv/importers/importer_registry.h"

#include "kv/importers/claude_code_importer.h"
#include "kv/importers/codex_importer.h"
#include "kv/importers/kv_cache_tester_importer.h"
#include "kv/importers/mooncake_importer.h"

namespace kv::importers {

ImporterRegistry ImporterRegistry::withDefaults()
{
    ImporterRegistry r;
    r.add(std::make_unique<KvCacheTesterImporter>());
    r.add(std::make_unique<MooncakeImporter>());
    r.add(std::make_unique<ClaudeCodeImporter>());
    r.add(std::make_unique<CodexImporter>());
    return r;
}

const Importer* ImporterRegistry::detect(std::string_view head, std::string_view path) const
{
    const Importer* best = nullptr;
    int bestScore = 0;
    for (const auto& imp : m_importers) {
        const int score = imp->probe(head, path);
        if (score > bestScore) {
            best = imp.get();
            bestScore = score;
        }
    }
    return best;
}

bool ImporterRegistry::looksLikeTraceFile(std::string_view name)
{
    for (std::string_view ext : { ".json", ".json.zst", ".jsonl", ".jsonl.zst" })
        if (name.ends_with(ext))
            return true;
    return false;
}

} // namespace kv::importers

// SPDX-License-Identifier: Apache-2.0
// The importers a front-end offers, chosen per file by probing its first bytes. Made in main()
// and passed down: there is no global registry.
#pragma once

#include "kv/importers/importer.h"

#include <memory>
#include <vector>

namespace kv::importers {

class ImporterRegistry
{
public:
    // All the importers kvscope ships.
    static ImporterRegistry withDefaults();

    void add(std::unique_ptr<Importer> importer) { m_importers.push_back(std::move(importer)); }
    // The most confident importer for this content, or nullptr.
    const Importer* detect(std::string_view head, std::string_view path) const;
    // Whether a directory walk should consider this file name at all.
    static bool looksLikeTraceFile(std::string_view name);

private:
    std::vector<std::unique_ptr<Importer>> m_importers;
};

} // namespace kv::importers

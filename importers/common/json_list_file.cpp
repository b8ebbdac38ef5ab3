// SPDX-License-Identifier: Apache-2.0
#include "json_list_file.h"

#include <fstream>
#include <sstream>

namespace kv::importers {

core::Expected<nlohmann::json> readJsonListFile(const std::string& path, const std::string& key)
{
    std::ifstream in(path);
    if (!in)
        return core::Status::error(path + ": cannot open");
    std::stringstream text;
    text << in.rdbuf();
    nlohmann::json doc = nlohmann::json::parse(text.str(), nullptr, false);
    if (doc.is_discarded())
        return core::Status::error(path + ": not valid JSON");
    if (doc.is_object() && doc.contains(key))
        doc = std::move(doc[key]);
    if (!doc.is_array())
        return core::Status::error(path + ": expected an array of " + key + " (or {\"" + key + "\": [...]})");
    return doc;
}

} // namespace kv::importers

// SPDX-License-Identifier: Apache-2.0
#include "kv/importers/price_file.h"

#include "json_list_file.h"

namespace kv::importers {

core::Expected<std::vector<core::ModelPrice>> readPriceFile(const std::string& path)
{
    auto read = readJsonListFile(path, "prices");
    if (!read)
        return read.status();
    const nlohmann::json& list = *read;
    std::vector<core::ModelPrice> out;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const nlohmann::json& e = list[i];
        const std::string where = path + ": price " + std::to_string(i + 1);
        if (!e.is_object() || !e.contains("model") || !e["model"].is_string())
            return core::Status::error(where + ": needs a \"model\"");
        core::ModelPrice p;
        p.model = e["model"].get<std::string>();
        for (const auto& [key, field] :
            { std::pair { "input", &p.input }, std::pair { "output", &p.output }, std::pair { "write_5m", &p.write5m },
                std::pair { "write_1h", &p.write1h }, std::pair { "read", &p.read } }) {
            if (!e.contains(key) || !e[key].is_number() || e[key].get<double>() < 0)
                return core::Status::error(where + " (" + p.model + "): \"" + key + "\" must be a price >= 0");
            *field = e[key].get<double>();
        }
        out.push_back(std::move(p));
    }
    return out;
}

} // namespace kv::importers

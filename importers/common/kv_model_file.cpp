// SPDX-License-Identifier: Apache-2.0
#include "kv/importers/kv_model_file.h"

#include "json_list_file.h"

namespace kv::importers {

core::Expected<std::vector<core::KvModelSpec>> readKvModelFile(const std::string& path)
{
    auto read = readJsonListFile(path, "models");
    if (!read)
        return read.status();
    const nlohmann::json& list = *read;
    std::vector<core::KvModelSpec> out;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const nlohmann::json& m = list[i];
        const std::string where = path + ": model " + std::to_string(i + 1);
        if (!m.is_object() || !m.contains("name") || !m["name"].is_string())
            return core::Status::error(where + ": needs a \"name\"");
        core::KvModelSpec s;
        s.name = m["name"].get<std::string>();
        auto count = [&](const char* key, std::uint32_t& field, bool required) -> bool {
            if (!m.contains(key))
                return !required;
            if (!m[key].is_number_unsigned())
                return false;
            field = m[key].get<std::uint32_t>();
            return true;
        };
        if (!count("layers", s.layers, true) || s.layers == 0)
            return core::Status::error(where + " (" + s.name + "): \"layers\" must be a positive integer");
        if (!count("latent_dim", s.latentDim, false) || !count("sliding_layers", s.slidingLayers, false))
            return core::Status::error(where + " (" + s.name + "): latent_dim and sliding_layers are integers");
        const bool mla = s.latentDim > 0;
        if (!count("kv_heads", s.kvHeads, !mla) || !count("head_dim", s.headDim, !mla)
            || (!mla && (s.kvHeads == 0 || s.headDim == 0)))
            return core::Status::error(where + " (" + s.name
                + "): \"kv_heads\" and \"head_dim\" must be positive integers (or give latent_dim)");
        if (m.contains("dtype_bytes")) {
            if (!m["dtype_bytes"].is_number() || m["dtype_bytes"].get<double>() <= 0)
                return core::Status::error(where + " (" + s.name + "): \"dtype_bytes\" must be positive");
            s.dtypeBytes = m["dtype_bytes"].get<double>();
        }
        out.push_back(std::move(s));
    }
    return out;
}

} // namespace kv::importers

// SPDX-License-Identifier: Apache-2.0
// A small JSON settings file holding a list: either the array itself or {"<key>": [...]}.
// Errors name the file. Used by the model-spec and price files.
#pragma once

#include "kv/core/status.h"

#include <nlohmann/json.hpp>
#include <string>

namespace kv::importers {

core::Expected<nlohmann::json> readJsonListFile(const std::string& path, const std::string& key);

} // namespace kv::importers

// SPDX-License-Identifier: Apache-2.0
// User-edited model prices in a JSON file ($ per million tokens), replacing or adding to the
// built-in ones: [{"model": "claude-sonnet-4", "input": 3, "output": 15, "write_5m": 3.75,
// "write_1h": 6, "read": 0.3}] (or {"prices": [...]}). Errors name the file and the entry.
#pragma once

#include "kv/core/cache_cost.h"
#include "kv/core/status.h"

#include <string>
#include <vector>

namespace kv::importers {

core::Expected<std::vector<core::ModelPrice>> readPriceFile(const std::string& path);

} // namespace kv::importers

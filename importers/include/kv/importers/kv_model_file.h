// SPDX-License-Identifier: Apache-2.0
// User-defined model KV specs in a JSON file, beside the built-in ones:
//   [{"name": "my-model", "layers": 48, "kv_heads": 8, "head_dim": 128, "dtype_bytes": 2,
//     "latent_dim": 0, "sliding_layers": 0}]
// (an object with a "models" array works too). Errors name the file and the entry.
#pragma once

#include "kv/core/memory_tiers.h"
#include "kv/core/status.h"

#include <string>
#include <vector>

namespace kv::importers {

core::Expected<std::vector<core::KvModelSpec>> readKvModelFile(const std::string& path);

} // namespace kv::importers

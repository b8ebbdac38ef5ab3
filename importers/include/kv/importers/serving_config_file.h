// SPDX-License-Identifier: Apache-2.0
// Serving simulator configs as JSON, read and written. Sizes are bytes or strings such as
// "400GB" or "2TiB", bandwidths bytes per second or "64GB/s", latencies seconds or "10us", "2ms".
// Fields left out keep the defaults of core::ServingConfig; an unknown field is an error (a typo
// would otherwise silently keep a default). Errors name the file and the field.
//
//   {"name": "hbm+dram", "model": {"kv_bytes_per_token": 327680, "prefill_tokens_per_second": 28000},
//    "hbm_kv_bytes": "400GB",
//    "tiers": [{"name": "dram", "capacity": "2TB", "read_bandwidth": "200GB/s",
//               "write_bandwidth": "200GB/s", "latency": "10us"}],
//    "disaggregated": {"prefill_share": 0.25, "kv_transfer_bandwidth": "100GB/s"}}
#pragma once

#include "kv/core/serving_config.h"
#include "kv/core/status.h"

#include <string>

namespace kv::importers {

core::Expected<core::ServingConfig> readServingConfigFile(const std::string& path);
// The same from text; source names it in messages.
core::Expected<core::ServingConfig> parseServingConfig(const std::string& text, const std::string& source);
// Every field, in the units above (bytes and seconds as numbers), parseable again.
std::string servingConfigJson(const core::ServingConfig& config);

} // namespace kv::importers

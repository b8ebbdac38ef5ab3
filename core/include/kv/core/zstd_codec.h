// SPDX-License-Identifier: Apache-2.0
// Whole-buffer zstd compression for blobs in the store (block lists, kept prompt text).
#pragma once

#include "kv/core/status.h"

#include <cstdint>
#include <span>
#include <vector>

namespace kv::core {

std::vector<std::uint8_t> zstdCompress(std::span<const std::uint8_t> raw, int level = 3);
Expected<std::vector<std::uint8_t>> zstdDecompress(std::span<const std::uint8_t> compressed, std::size_t rawSize);

} // namespace kv::core

// SPDX-License-Identifier: Apache-2.0
// PromptText to and from the store's zstd blob: varint-framed parts, then per request its part
// indices. Text is stored once however many prompts repeat it.
#pragma once

#include "kv/core/session.h"
#include "kv/core/status.h"

#include <cstdint>
#include <vector>

namespace kv::core {

std::vector<std::uint8_t> encodePromptText(const PromptText& text, std::uint64_t& rawSize);
Expected<PromptText> decodePromptText(std::span<const std::uint8_t> blob, std::uint64_t rawSize);

} // namespace kv::core

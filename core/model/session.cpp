// SPDX-License-Identifier: Apache-2.0
#include "kv/core/session.h"

namespace kv::core {

namespace {
constexpr const char* kSegmentNames[] = { "system", "tools", "user_text", "assistant_text", "thinking", "tool_use",
    "tool_result", "image", "summary", "other" };
}

const char* segmentKindName(SegmentKind kind)
{
    return kSegmentNames[static_cast<std::size_t>(kind)];
}

bool segmentKindFromName(std::string_view name, SegmentKind& kind)
{
    for (std::size_t i = 0; i < std::size(kSegmentNames); ++i) {
        if (name == kSegmentNames[i]) {
            kind = static_cast<SegmentKind>(i);
            return true;
        }
    }
    return false;
}

} // namespace kv::core

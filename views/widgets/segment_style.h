// SPDX-License-Identifier: Apache-2.0
// How every view names and colours the kinds of prompt content (system prompt, tools, tool
// results...), in the order the composition chart stacks them: stable context at the bottom.
#pragma once

#include "kv/core/session.h"

#include <QColor>

#include <array>

namespace kv::views {

inline constexpr std::size_t kSegmentKindCount = 10;

struct KindStyle
{
    core::SegmentKind kind;
    const char* label; // translated with QObject::tr at the point of use
    QColor color;
};

inline const std::array<KindStyle, kSegmentKindCount>& segmentKindStyles()
{
    static const std::array<KindStyle, kSegmentKindCount> kinds { {
        { core::SegmentKind::Tools, "tool definitions", QColor(0x5b, 0x5b, 0x5b) },
        { core::SegmentKind::System, "system prompt", QColor(0x8c, 0x8c, 0x8c) },
        { core::SegmentKind::Summary, "compaction summary", QColor(0x8e, 0x6c, 0xc0) },
        { core::SegmentKind::UserText, "user text", QColor(0x2c, 0xa0, 0x2c) },
        { core::SegmentKind::AssistantText, "assistant text", QColor(0x3b, 0x7d, 0xd8) },
        { core::SegmentKind::Thinking, "thinking", QColor(0x9e, 0xc9, 0xf0) },
        { core::SegmentKind::ToolUse, "tool calls", QColor(0xf2, 0xc1, 0x2e) },
        { core::SegmentKind::ToolResult, "tool results", QColor(0xf4, 0x8c, 0x7a) },
        { core::SegmentKind::Image, "images", QColor(0xc4, 0x4e, 0x52) },
        { core::SegmentKind::Other, "conversation / other", QColor(0xd0, 0xd0, 0xd0) },
    } };
    return kinds;
}

inline const KindStyle& segmentKindStyle(core::SegmentKind kind)
{
    for (const KindStyle& k : segmentKindStyles())
        if (k.kind == kind)
            return k;
    return segmentKindStyles().back();
}

} // namespace kv::views

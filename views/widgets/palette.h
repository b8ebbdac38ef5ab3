// SPDX-License-Identifier: Apache-2.0
// The colours every view uses for the same things: cache hits grey, new tokens salmon,
// cacheable-but-missed yellow, output blue.
#pragma once

#include <QColor>

namespace kv::views::palette {

inline QColor hit()
{
    return QColor(0x9e, 0x9e, 0x9e);
}
inline QColor fresh()
{
    return QColor(0xf4, 0x8c, 0x7a);
}
inline QColor missedCacheable()
{
    return QColor(0xf2, 0xc1, 0x2e);
}
inline QColor output()
{
    return QColor(0x3b, 0x7d, 0xd8);
}
inline QColor hitRate()
{
    return QColor(0x1f, 0x77, 0xb4);
}
inline QColor refresh()
{
    return QColor(0xd6, 0x27, 0x28);
}

} // namespace kv::views::palette

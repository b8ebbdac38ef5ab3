// SPDX-License-Identifier: Apache-2.0
// Durations and times since a session's start as h:mm:ss, the one way tables and charts write them.
#pragma once

#include <QString>

#include <algorithm>
#include <cmath>

namespace kv::views {

inline QString clockText(double seconds)
{
    const qint64 s = qint64(std::llround(std::max(0.0, seconds)));
    return QStringLiteral("%1:%2:%3")
        .arg(s / 3600)
        .arg((s / 60) % 60, 2, 10, QLatin1Char('0'))
        .arg(s % 60, 2, 10, QLatin1Char('0'));
}

} // namespace kv::views

// SPDX-License-Identifier: Apache-2.0
// How every view writes its units: tokens as 250k / 1.2M, durations as 5 min / 1 h, clock times
// as h:mm:ss; and the axis tickers that label axes that way.
#pragma once

#include <QSharedPointer>
#include <QString>

#include <cstdint>

class QCPAxisTicker;

namespace kv::views {

QString formatTokens(double tokens); // 950, 12.5k, 1.2M, "unlimited" at kUnlimited
QString formatTtl(double seconds); // 30 s, 5 min, 1 h, "no TTL" for infinity
QString formatClock(double seconds); // 1:02:03
// "TTL 5 min, capacity 250k tokens" or "TTL 5 min, unlimited capacity".
QString formatPolicy(double ttlSeconds, std::uint64_t capacityBlocks, std::uint32_t blockSize);

// Linear axes: token counts labelled 0, 250k, 500k, 1M; seconds labelled h:mm:ss on nice steps.
QSharedPointer<QCPAxisTicker> tokenTicker();
QSharedPointer<QCPAxisTicker> clockTicker();
// Logarithmic axes: the listed values only, each with its label.
QSharedPointer<QCPAxisTicker> labelledTicker(std::initializer_list<std::pair<double, const char*>> ticks);

} // namespace kv::views

// SPDX-License-Identifier: Apache-2.0
#include "widgets/axis_format.h"

#include "bridge/clock_text.h"
#include "kv/core/cache_policy.h"

#include <QCoreApplication>
#include <qcustomplot.h>

#include <cmath>

namespace kv::views {

QString formatTokens(double t)
{
    if (std::isinf(t) || t >= double(core::kUnlimited))
        return QCoreApplication::translate("kv::views", "unlimited");
    const double a = std::abs(t);
    if (a < 1e3)
        return QString::number(t, 'f', 0);
    if (a < 1e6)
        return QString::number(t / 1e3, 'g', 3) + QStringLiteral("k");
    if (a < 1e9)
        return QString::number(t / 1e6, 'g', 3) + QStringLiteral("M");
    return QString::number(t / 1e9, 'g', 3) + QStringLiteral("G");
}

QString formatTtl(double s)
{
    if (std::isinf(s))
        return QCoreApplication::translate("kv::views", "no TTL");
    if (s < 60)
        return QString::number(s, 'g', s < 10 ? 2 : 3) + QStringLiteral(" s");
    if (s < 3600)
        return QString::number(s / 60, 'g', 3) + QStringLiteral(" min");
    return QString::number(s / 3600, 'g', 3) + QStringLiteral(" h");
}

QString formatClock(double seconds)
{
    return clockText(seconds);
}

QString formatPolicy(double ttlSeconds, std::uint64_t capacityBlocks, std::uint32_t blockSize)
{
    const QString ttl = std::isinf(ttlSeconds)
        ? formatTtl(ttlSeconds)
        : QCoreApplication::translate("kv::views", "TTL %1").arg(formatTtl(ttlSeconds));
    if (capacityBlocks == core::kUnlimited)
        return QCoreApplication::translate("kv::views", "%1, unlimited capacity").arg(ttl);
    return QCoreApplication::translate("kv::views", "%1, capacity %2 tokens")
        .arg(ttl, formatTokens(double(capacityBlocks) * double(blockSize)));
}

namespace {

class TokenTicker final : public QCPAxisTicker
{
protected:
    QString getTickLabel(double tick, const QLocale&, QChar, int) override
    {
        return std::abs(tick) < 1e-9 ? QStringLiteral("0") : formatTokens(tick);
    }
};

class ClockTicker final : public QCPAxisTicker
{
protected:
    double getTickStep(const QCPRange& range) override
    {
        // Steps a person reads on a clock: seconds, minutes, hours, days.
        static const double steps[] = { 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600,
            43200, 86400, 2 * 86400, 7 * 86400 };
        const double wanted = range.size() / double(std::max(1, tickCount()));
        for (double s : steps)
            if (s >= wanted)
                return s;
        return std::ceil(wanted / 86400.0) * 86400.0;
    }
    QString getTickLabel(double tick, const QLocale&, QChar, int) override
    {
        return tick < 0 ? QStringLiteral("-") + formatClock(-tick) : formatClock(tick);
    }
};

} // namespace

QSharedPointer<QCPAxisTicker> tokenTicker()
{
    return QSharedPointer<TokenTicker>::create();
}

QSharedPointer<QCPAxisTicker> clockTicker()
{
    return QSharedPointer<ClockTicker>::create();
}

QSharedPointer<QCPAxisTicker> labelledTicker(std::initializer_list<std::pair<double, const char*>> ticks)
{
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (const auto& [v, label] : ticks)
        ticker->addTick(v, QString::fromUtf8(label));
    return ticker;
}

} // namespace kv::views

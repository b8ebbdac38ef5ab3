// SPDX-License-Identifier: Apache-2.0
#include "bridge/session_table_model.h"

#include "bridge/clock_text.h"
#include "kv/core/access_profile.h"

#include <QLocale>

namespace kv::views {

void SessionTableModel::setSnapshot(AnalysisSnapshotPtr snapshot)
{
    beginResetModel();
    m_snapshot = std::move(snapshot);
    recomputeWhatIf();
    endResetModel();
}

void SessionTableModel::setWhatIf(double ttl, std::uint64_t capacityTokens)
{
    m_ttl = ttl;
    m_capacity = capacityTokens;
    recomputeWhatIf();
    if (rowCount() > 0)
        emit dataChanged(index(0, HitWhatIf), index(rowCount() - 1, HitWhatIf));
    emit headerDataChanged(Qt::Horizontal, HitWhatIf, HitWhatIf);
}

void SessionTableModel::recomputeWhatIf()
{
    m_whatIf.clear();
    if (!m_snapshot)
        return;
    // One pass over each profile's per-request records: microseconds per session.
    for (const core::SessionAnalysis& s : m_snapshot->sessions)
        m_whatIf.push_back(s.profile
                ? s.profile->evaluate(core::CachePolicy::fromTokens(m_ttl, m_capacity, s.blockSize)).totals.hitRate()
                : 0.0);
}

int SessionTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() || !m_snapshot ? 0 : int(m_snapshot->sessions.size());
}

int SessionTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SessionTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || !m_snapshot || index.row() >= rowCount())
        return {};
    const core::SessionAnalysis& s = m_snapshot->sessions[std::size_t(index.row())];
    const core::ReplayTotals& inf = s.atStandardTtl[3];
    auto hit = [&](int i) { return s.atStandardTtl[std::size_t(i)].hitRate(); };
    static_assert(Hit1m + 1 == Hit5m && Hit5m + 1 == Hit1h && Hit1h + 1 == HitInf);
    if (role == SessionIndexRole)
        return index.row();
    if (role == Qt::TextAlignmentRole)
        return index.column() <= Models ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                        : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == HitWhatIf)
        return tr("Hit rate under the what-if TTL and capacity");
    if (role == Qt::ToolTipRole && index.column() == HitReported)
        return tr("Cache reads the provider reported, over the prompts of calls with usage (agent logs only)");
    if (role == Qt::ToolTipRole && index.column() >= Hit1m && index.column() <= HitInf)
        return tr("Share of input tokens served from cache with this TTL (unbounded capacity)");
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    const bool sort = role == SortRole;
    const QLocale locale;
    switch (index.column()) {
    case Name:
        return QString::fromStdString(s.name);
    case Source:
        return QString::fromStdString(s.source);
    case Models:
        return QString::fromStdString(s.models);
    case HitReported:
        if (!s.hasReportedUsage)
            return sort ? QVariant(-1.0) : QVariant(QStringLiteral("-"));
        return sort ? QVariant(s.reportedHitRate)
                    : QVariant(QString::number(s.reportedHitRate * 100.0, 'f', 1) + QLatin1Char('%'));
    case Duration: {
        if (sort)
            return s.durationSeconds;
        return clockText(s.durationSeconds);
    }
    case Requests:
        return sort ? QVariant(qulonglong(inf.requests)) : QVariant(locale.toString(qulonglong(inf.requests)));
    case Agents:
        return qulonglong(s.agents);
    case InputTokens:
        return sort ? QVariant(qulonglong(inf.inputTokens)) : QVariant(locale.toString(qulonglong(inf.inputTokens)));
    case HitWhatIf: {
        const double h = m_whatIf[std::size_t(index.row())];
        return sort ? QVariant(h) : QVariant(QString::number(h * 100.0, 'f', 1) + QLatin1Char('%'));
    }
    case Hit1m:
    case Hit5m:
    case Hit1h:
    case HitInf: {
        const double h = hit(index.column() - Hit1m);
        return sort ? QVariant(h) : QVariant(QString::number(h * 100.0, 'f', 1) + QLatin1Char('%'));
    }
    case Refresh5m: {
        const double r = s.atStandardTtl[1].refreshFactor();
        return sort ? QVariant(r) : QVariant(QString::number(r, 'f', 2));
    }
    case PeakWs5m: {
        const qulonglong ws = s.atStandardTtl[1].peakWorkingSetBlocks * s.blockSize;
        return sort ? QVariant(ws) : QVariant(locale.toString(ws));
    }
    default:
        return {};
    }
}

QVariant SessionTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Name:
        return tr("Session");
    case Source:
        return tr("Source");
    case Models:
        return tr("Models");
    case HitReported:
        return tr("Hit (provider)");
    case Duration:
        return tr("Duration");
    case Requests:
        return tr("Requests");
    case Agents:
        return tr("Agents");
    case InputTokens:
        return tr("Input tokens");
    case HitWhatIf:
        return tr("Hit (what-if)");
    case Hit1m:
        return tr("Hit 1 min");
    case Hit5m:
        return tr("Hit 5 min");
    case Hit1h:
        return tr("Hit 1 h");
    case HitInf:
        return tr("Hit, no TTL");
    case Refresh5m:
        return tr("Refresh 5 min");
    case PeakWs5m:
        return tr("Peak WS 5 min (tokens)");
    default:
        return {};
    }
}

} // namespace kv::views

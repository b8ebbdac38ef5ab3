// SPDX-License-Identifier: Apache-2.0
// SessionTableModel: one row per analysed session (requests, tokens, hit rate at 1 min, 5 min,
// 1 h and no TTL, refresh factor, peak working set). A thin adapter over an AnalysisSnapshot;
// SortRole gives raw values for sorting.
#pragma once

#include "bridge/analysis_snapshot.h"

#include <QAbstractTableModel>

namespace kv::views {

class SessionTableModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Name,
        Source,
        Models,
        Requests,
        Agents,
        InputTokens,
        HitWhatIf,
        HitReported,
        Hit1m,
        Hit5m,
        Hit1h,
        HitInf,
        Refresh5m,
        PeakWs5m,
        Duration,
        ColumnCount
    };
    enum Role
    {
        SortRole = Qt::UserRole + 1,
        SessionIndexRole
    };

    using QAbstractTableModel::QAbstractTableModel;
    void setSnapshot(AnalysisSnapshotPtr snapshot);
    // The what-if policy (TTL on the engine's grid, capacity in tokens) for the HitWhatIf column.
    void setWhatIf(double ttl, std::uint64_t capacityTokens);
    AnalysisSnapshotPtr snapshot() const { return m_snapshot; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void recomputeWhatIf();

    AnalysisSnapshotPtr m_snapshot;
    double m_ttl = 300.0;
    std::uint64_t m_capacity = core::kUnlimited;
    std::vector<double> m_whatIf; // hit rate per row under the what-if policy
};

} // namespace kv::views

// SPDX-License-Identifier: Apache-2.0
// TopChunksModel: the most prefilled chunks of a session under the what-if policy, one row each:
// how often it was prefilled, its size, its kind, where it first appeared (request, time, token
// offset) and the requests that prefilled it again. A thin adapter over core::ChunkRefresh.
#pragma once

#include "kv/core/chunk_refresh.h"

#include <QAbstractTableModel>

#include <vector>

namespace kv::views {

class TopChunksModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Rank,
        Prefills,
        Tokens,
        Kind,
        FirstRequest,
        FirstTime,
        TokenOffset,
        RefreshedBy,
        ColumnCount
    };
    static constexpr int SortRole = Qt::UserRole + 1;

    using QAbstractTableModel::QAbstractTableModel;
    // requestTimes: seconds from the session's first request, replay order (for the time column).
    void setChunks(core::ChunkRefresh refresh, std::vector<double> requestTimes, std::uint32_t blockSize);
    const core::ChunkRefresh& chunks() const { return m_refresh; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    core::ChunkRefresh m_refresh;
    std::vector<double> m_times;
    std::uint32_t m_blockSize = 64;
};

} // namespace kv::views

// SPDX-License-Identifier: Apache-2.0
// ChunksChart: which chunks are prefilled again and again under the what-if policy. How many
// chunks were prefilled once, twice, ... (histogram); the refresh factor per kind of content; a
// summary of why (the policy's miss causes); and a table of the most refreshed chunks with the
// requests that prefilled them again.
#pragma once

#include "kv/core/chunk_refresh.h"
#include "kv/core/miss_causes.h"
#include "kv/core/session_analysis.h"

#include <QWidget>

class QCustomPlot;
class QCPAxisRect;
class QTableView;

namespace kv::views {

class ChartNavigation;
class TopChunksModel;

class ChunksChart : public QWidget
{
    Q_OBJECT
public:
    explicit ChunksChart(QWidget* parent = nullptr);
    // causes: the same policy's miss causes (the miss-causes view has them), for the summary.
    void show(const core::SessionAnalysis* session, const core::CachePolicy& policy, const core::MissCauses& causes);
    QCustomPlot* plot() const { return m_plot; }
    QTableView* table() const { return m_table; }
    const core::ChunkRefresh& chunks() const;
    QString summaryText() const { return m_summary; }

signals:
    // A request of the session (replay order) picked in the table: the first that refreshed a chunk.
    void requestPicked(int request);

private:
    QCustomPlot* m_plot;
    QCPAxisRect* m_kindRect;
    QTableView* m_table;
    TopChunksModel* m_model;
    ChartNavigation* m_navigation;
    QString m_summary;
    std::uint32_t m_blockSize = 64;
};

} // namespace kv::views

// SPDX-License-Identifier: Apache-2.0
// SubagentSharingChart: the orchestrator and its sub-agents on one time axis, one lane each;
// every request is a column coloured by which agent's requests first wrote its prompt blocks,
// so the context sub-agents share with their parent (and each other) is visible.
#pragma once

#include "kv/core/session_analysis.h"

#include <QWidget>

#include <vector>

class QCustomPlot;

namespace kv::views {

class ChartNavigation;

class SubagentSharingChart : public QWidget
{
    Q_OBJECT
public:
    explicit SubagentSharingChart(QWidget* parent = nullptr);
    void show(const core::SessionAnalysis* session);
    QCustomPlot* plot() const { return m_plot; }
    static QColor agentColor(std::size_t agent);

    // Columns drawn in the visible range (rectangles), after folding those narrower than a pixel.
    int drawnColumns() const { return m_drawnColumns; }

private:
    void redraw();
    QCustomPlot* m_plot;
    ChartNavigation* m_navigation;
    const core::SessionAnalysis* m_session = nullptr;
    std::vector<std::vector<std::uint32_t>> m_laneRequests; // per agent lane: its requests in time order
    std::vector<std::vector<double>> m_laneX, m_laneBlocks;
    std::vector<std::vector<std::uint32_t>> m_laneDrawn;
    double m_columnWidth = 1;
    int m_drawnColumns = 0;
};

} // namespace kv::views

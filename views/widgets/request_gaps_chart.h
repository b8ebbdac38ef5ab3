// SPDX-License-Identifier: Apache-2.0
// RequestGapsChart: histogram (log time axis) of the time between consecutive requests of each
// agent, tool loops and a person's turns in two colours, medians marked, and the what-if TTL as
// a line: gaps to its right lose the cache.
#pragma once

#include "kv/core/session_analysis.h"

#include <QWidget>

class QCustomPlot;
class QCPItemStraightLine;

namespace kv::views {

class RequestGapsChart : public QWidget
{
    Q_OBJECT
public:
    explicit RequestGapsChart(QWidget* parent = nullptr);
    void show(const core::SessionAnalysis* session, double ttl);
    QCustomPlot* plot() const { return m_plot; }

private:
    QCustomPlot* m_plot;
    std::vector<double> m_edges; // bin edges, seconds
    QString m_summary; // medians and means, for the tooltip
    QCPItemStraightLine* m_ttl;
    QCPItemStraightLine* m_toolMedian;
    QCPItemStraightLine* m_humanMedian;
    QCPItemStraightLine* m_toolMean;
    QCPItemStraightLine* m_humanMean;
};

} // namespace kv::views

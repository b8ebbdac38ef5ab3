// SPDX-License-Identifier: Apache-2.0
// CapacityCurveChart: hit rate against cache capacity (tokens, log axis) at the what-if TTL, for
// one session, with the what-if capacity marked. Read off the session's one-pass replay.
#pragma once

#include "kv/core/session_analysis.h"

#include <QWidget>

class QCustomPlot;
class QCPItemStraightLine;

namespace kv::views {

class ChartNavigation;

class CapacityCurveChart : public QWidget
{
    Q_OBJECT
public:
    explicit CapacityCurveChart(QWidget* parent = nullptr);
    void show(const core::SessionAnalysis* session, double ttl, std::uint64_t markerTokens);
    QCustomPlot* plot() const { return m_plot; }

private:
    QCustomPlot* m_plot;
    QCPItemStraightLine* m_marker;
    ChartNavigation* m_navigation;
};

} // namespace kv::views

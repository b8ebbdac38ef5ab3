// SPDX-License-Identifier: Apache-2.0
// TtlCurveChart: hit rate (left axis) and refresh factor (right axis) against TTL on a log
// scale, for one session, with the provider TTLs (1 min, 5 min, 1 h) marked.
#pragma once

#include "kv/core/session_analysis.h"

#include <QWidget>

class QCustomPlot;
class QCPItemStraightLine;

namespace kv::views {

class TtlCurveChart : public QWidget
{
    Q_OBJECT
public:
    explicit TtlCurveChart(QWidget* parent = nullptr);
    void setSession(const core::SessionAnalysis* session);
    // The what-if TTL, drawn as a vertical line (hidden for "no TTL").
    void setMarker(double ttl);
    QCustomPlot* plot() const { return m_plot; }

private:
    QCustomPlot* m_plot;
    QCPItemStraightLine* m_marker = nullptr;
};

} // namespace kv::views

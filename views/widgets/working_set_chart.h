// SPDX-License-Identifier: Apache-2.0
// WorkingSetChart: tokens resident in the modeled cache after each request, over the session's
// time, with a 5-minute TTL and with no TTL.
#pragma once

#include "kv/core/session_analysis.h"

#include <QWidget>

class QCustomPlot;

namespace kv::views {

class WorkingSetChart : public QWidget
{
    Q_OBJECT
public:
    explicit WorkingSetChart(QWidget* parent = nullptr);
    void setSession(const core::SessionAnalysis* session, const core::CachePolicy& whatIf = {});
    QCustomPlot* plot() const { return m_plot; }

private:
    QCustomPlot* m_plot;
};

} // namespace kv::views

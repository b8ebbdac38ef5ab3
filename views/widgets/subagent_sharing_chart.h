// SPDX-License-Identifier: Apache-2.0
// SubagentSharingChart: the orchestrator and its sub-agents on one time axis, one lane each;
// every request is a column coloured by which agent's requests first wrote its prompt blocks,
// so the context sub-agents share with their parent (and each other) is visible.
#pragma once

#include "kv/core/session_analysis.h"

#include <QWidget>

class QCustomPlot;

namespace kv::views {

class SubagentSharingChart : public QWidget
{
    Q_OBJECT
public:
    explicit SubagentSharingChart(QWidget* parent = nullptr);
    void show(const core::SessionAnalysis* session);
    QCustomPlot* plot() const { return m_plot; }
    static QColor agentColor(std::size_t agent);

private:
    QCustomPlot* m_plot;
};

} // namespace kv::views

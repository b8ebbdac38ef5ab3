// SPDX-License-Identifier: Apache-2.0
// TokenColumnsChart: one stacked column per request (x = request in replay order): tokens served
// from cache (grey), cacheable but missed under the what-if policy (yellow), new (salmon), and
// output (blue). The hit rate of the policy is in the title.
#pragma once

#include "kv/core/session_analysis.h"

#include <QWidget>

class QCheckBox;
class QCustomPlot;
class QCPBars;
class QCPGraph;

namespace kv::views {

class TokenColumnsChart : public QWidget
{
    Q_OBJECT
public:
    explicit TokenColumnsChart(QWidget* parent = nullptr);
    void show(const core::SessionAnalysis* session, const core::CachePolicy& policy);
    QCustomPlot* plot() const { return m_plot; }
    // What is drawn, for tests: the stacked values per request.
    const std::vector<core::TokenColumn>& columns() const { return m_columns; }
    double plottedHitRate() const { return m_hitRate; }
    // Columns from what the provider reported instead of the model (agent logs).
    QCheckBox* providerToggle() const { return m_provider; }

signals:
    void requestClicked(int request);

private:
    QCustomPlot* m_plot;
    QCPBars* m_hit;
    QCPBars* m_missed;
    QCPBars* m_fresh;
    QCPBars* m_output;
    QCPGraph* m_turns; // dots under the columns where a person's turn starts
    QCheckBox* m_provider;
    QCheckBox* m_byTime;
    double xOf(std::size_t request) const;
    std::vector<core::TokenColumn> m_columns;
    const core::SessionAnalysis* m_session = nullptr;
    core::CachePolicy m_policy;
    int requestAt(double pixelX) const;
    double m_hitRate = 0;
};

} // namespace kv::views

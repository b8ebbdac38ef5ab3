// SPDX-License-Identifier: Apache-2.0
// FleetChart: several sessions replayed into one shared cache. How the sessions start (as
// recorded, at random in a window, or arriving at a rate) is chosen above the chart and applies
// to every view of a multi-row selection; the chart shows when each session runs, each one's hit
// rate in the shared cache against a cache of its own under the what-if policy, and what they share.
#pragma once

#include "kv/core/fleet.h"
#include "kv/core/session_analysis.h"

#include <QStringList>
#include <QWidget>

#include <vector>

class QComboBox;
class QCustomPlot;
class QCPAxisRect;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace kv::views {

class ChartNavigation;

class FleetChart : public QWidget
{
    Q_OBJECT
public:
    explicit FleetChart(QWidget* parent = nullptr);
    // fleet: the combined analysis of a selection (with its layout), or a single session (a hint
    // is shown); alone: the same sessions analysed one by one, in the layout's order.
    void show(const core::SessionAnalysis* fleet, const std::vector<const core::SessionAnalysis*>& alone,
        const core::CachePolicy& policy);
    QCustomPlot* plot() const { return m_plot; }
    core::FleetTiming timing() const { return m_timing; }
    // "recorded", "window=2h", "rate=30/h" with a seed; false (and unchanged) when it does not parse.
    bool setTiming(const QString& text, std::uint64_t seed);
    QString summaryText() const { return m_summary; }
    // What is drawn, for tests: per member, hits in the shared cache and alone.
    const std::vector<core::MemberHits>& inFleet() const { return m_inFleet; }
    const std::vector<core::MemberHits>& alone() const { return m_alone; }

signals:
    void timingChanged(const kv::core::FleetTiming& timing);

private:
    void applyControls();
    void syncControls();
    QCustomPlot* m_plot;
    QCPAxisRect* m_hitRect;
    QComboBox* m_mode;
    QLineEdit* m_value;
    QSpinBox* m_seed;
    QLabel* m_problem;
    ChartNavigation* m_navigation;
    core::FleetTiming m_timing;
    QString m_summary;
    std::vector<core::MemberHits> m_inFleet, m_alone;
    QStringList m_names; // per member, for the hover text
};

} // namespace kv::views

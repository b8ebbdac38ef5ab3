// SPDX-License-Identifier: Apache-2.0
// SimulationPanel: the what-if half of load testing in the app. Serving configs (JSON files, or
// the built-in one), users, duration and the TTFT objective are chosen above; Run asks for a
// simulation (the controller runs it off the UI thread) and the chart compares the runs side by
// side: TTFT at the objective's percentile per period for each config, the users over time, the
// objective, and each config's users held and fall-off in words.
#pragma once

#include "bridge/analysis_snapshot.h"
#include "kv/core/user_model.h"

#include <QStringList>
#include <QWidget>

class QCheckBox;
class QCustomPlot;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace kv::views {

class SimulationPanel : public QWidget
{
    Q_OBJECT
public:
    explicit SimulationPanel(QWidget* parent = nullptr);
    QCustomPlot* plot() const { return m_plot; }
    // Config files to run, in order (empty: the built-in config alone).
    QStringList configFiles() const;
    void setConfigFiles(const QStringList& files);
    // Sets the run's fields as scripts give them; false (with the problem) when one does not parse.
    bool configure(const QString& users, const QString& duration, const QString& ttft, QString* error);
    // The fields as core values; false with the problem shown when one does not parse.
    bool readFields(core::UserLoad& load, core::UserTiming& timing, core::ServiceObjectives& objectives);
    bool selectedRowsOnly() const;
    void show(SimulationResultsPtr results, const core::ServiceObjectives& objectives);
    void setRunning(bool running);
    QString summaryText() const { return m_summary; }
    SimulationResultsPtr results() const { return m_results; }
    // The runs kept in the store, to compare again (ids and a line each).
    void setStoredRuns(const QList<qint64>& ids, const QStringList& descriptions);
    QListWidget* storedRuns() const { return m_stored; }
    QList<qint64> selectedStoredRuns() const;

signals:
    void runRequested();
    // Show these stored runs on the chart.
    void storedRunsRequested(const QList<qint64>& ids);

private:
    QCustomPlot* m_plot;
    QListWidget* m_configs;
    QListWidget* m_stored;
    QLineEdit* m_users;
    QLineEdit* m_duration;
    QLineEdit* m_ttft;
    QCheckBox* m_selectionOnly;
    QPushButton* m_run;
    QLabel* m_problem;
    SimulationResultsPtr m_results;
    QString m_summary;
};

} // namespace kv::views

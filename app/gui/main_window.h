// SPDX-License-Identifier: Apache-2.0
// MainWindow: builds menus, actions and panels and wires them to the AnalysisController.
// It holds no analysis logic: results arrive as snapshots.
#pragma once

#include "bridge/analysis_controller.h"
#include "kv/core/session_analysis.h"
#include "kv/core/user_model.h"

#include <QHash>
#include <QMainWindow>

class QLabel;
class QProgressBar;
class QSortFilterProxyModel;
class QTableView;
class QToolButton;
class QMenu;

class QTabWidget;
class QLineEdit;
class QCustomPlot;

namespace kv::views {
class SessionTableModel;
class TokenColumnsChart;
class CapacityCurveChart;
class RequestGapsChart;
class PromptCompositionChart;
class RequestInspector;
class SubagentSharingChart;
class MissCausesChart;
class ChunksChart;
class FleetChart;
class SimulationPanel;
class CostChart;
class TiersChart;
class ProviderGapChart;
class ServingChart;
class TtlCurveChart;
class WhatIfPanel;
class WhatIfState;
class WorkingSetChart;
} // namespace kv::views

namespace kv::gui {

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(const QString& storePath = QStringLiteral(":memory:"), QWidget* parent = nullptr);
    ~MainWindow() override;

    views::AnalysisController* controller() const { return m_controller; }
    views::SessionTableModel* sessionModel() const { return m_model; }
    views::WhatIfState* whatIf() const { return m_whatIf; }
    views::TokenColumnsChart* tokenColumns() const { return m_columnsChart; }
    views::TiersChart* tiersChart() const { return m_tiersChart; }
    views::ChunksChart* chunksChart() const { return m_chunksChart; }
    views::FleetChart* fleetChart() const { return m_fleetChart; }
    views::SimulationPanel* simulationPanel() const { return m_simulationPanel; }
    // What the views show: the combined analysis of a multi-row selection once it is ready,
    // otherwise the table's current row; null when nothing is open.
    const core::SessionAnalysis* currentSession() const;
    // Off for headless exports and screenshots: problems go to stderr instead of dialogs.
    void setInteractive(bool on) { m_interactive = on; }
    // Why the selection is not shown as one cache (for example mixed block sizes), or empty.
    QString selectionError() const { return m_selectionError; }

public slots:
    void openPaths(const QStringList& paths);
    void selectSession(int row);
    // Selects table rows (as sorted); several rows are analysed as one shared cache.
    void selectSessions(const QList<int>& rows);
    // Shows a view tab by name (viewNames()); false for an unknown name.
    bool showView(const QString& name);
    // The view tabs in order: columns, composition, curves, gaps, ...
    static QStringList viewNames();
    // Charts by name: columns, ttl, working-set, gaps, capacity, ...
    static QStringList chartNames();
    // The whole application in a dark (Fusion) palette, or back to the platform's look.
    static void setDarkTheme(bool dark);
    // Prices for the cost view from a JSON file (empty: the built-in list prices); remembered for
    // the next start when asked. Applied on the worker: costs follow with the next snapshot.
    void setPriceFile(const QString& path, bool remember);
    // KV specs for the memory-tiers view from a JSON file (empty: the built-ins); false with the
    // problem in error when the file cannot be read.
    bool setKvModelFile(const QString& path, bool remember, QString* error);
    // Runs the simulation panel's configs and users on the worker; simulationShown follows.
    void runSimulation();
    // Saves one chart of the current session (format by extension: png, jpg, svg, pdf, csv).
    bool exportChart(const QString& chart, const QString& file, QSize size, QString* error);
    // One PDF: the sessions table under the what-if policy, then every chart of the current session.
    bool exportReport(const QString& file, QString* error);

signals:
    void analysisShown(); // after a snapshot is on screen (used by --screenshot and tests)
    void viewsShown(); // after the views show the current selection (or failed to combine it)
    void simulationShown(bool ok, const QString& error); // after runSimulation's results are drawn

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createActions();
    void openAgentLogs(bool claude);
    void updateRecentMenu();
    void addRecent(const QStringList& paths);
    void showSnapshot(views::AnalysisSnapshotPtr snapshot);
    void showImportReport(const views::ImportReport& report);
    void currentRowChanged();
    void selectionChanged();
    void showSelection(const QList<qint64>& ids, views::SessionAnalysisPtr analysis, const QString& error);
    QList<qint64> selectedStoreIds() const;
    // The selection's sessions analysed one by one (from the snapshot), in the selection's order.
    std::vector<const core::SessionAnalysis*> selectionMembers() const;
    void exportCharts();
    void exportReportInteractively();
    QCustomPlot* chartPlot(const QString& chart) const;
    static QStringList chartsOnTab(int tab);

    views::AnalysisController* m_controller;
    views::SessionTableModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QTableView* m_table;
    QLineEdit* m_filter;
    views::WhatIfState* m_whatIf;
    views::TtlCurveChart* m_ttlChart;
    views::WorkingSetChart* m_wsChart;
    views::TokenColumnsChart* m_columnsChart;
    views::CapacityCurveChart* m_capacityChart;
    views::RequestGapsChart* m_gapsChart;
    views::PromptCompositionChart* m_compositionChart;
    views::RequestInspector* m_inspector;
    views::SubagentSharingChart* m_sharingChart;
    views::MissCausesChart* m_missesChart;
    views::ChunksChart* m_chunksChart;
    views::FleetChart* m_fleetChart;
    views::SimulationPanel* m_simulationPanel;
    core::ServiceObjectives m_simulationObjectives;
    views::CostChart* m_costChart;
    views::TiersChart* m_tiersChart;
    views::ProviderGapChart* m_providerChart;
    views::ServingChart* m_servingChart;
    int m_inspected = -1;
    bool m_interactive = true;
    QList<qint64> m_selectionIds; // store ids of a multi-row selection; empty for one row
    views::SessionAnalysisPtr m_selection; // their combined analysis, once ready
    QString m_selectionError;
    const core::SessionAnalysis* m_lastSession = nullptr;
    views::WhatIfPanel* m_whatIfPanel;
    QTabWidget* m_tabs;
    QHash<QString, QCustomPlot*> m_plots; // by chart name
    QLabel* m_status;
    QProgressBar* m_progress;
    QToolButton* m_cancel;
    QMenu* m_recentMenu = nullptr;
};

} // namespace kv::gui

// SPDX-License-Identifier: Apache-2.0
#include "main_window.h"

#include "bridge/session_table_model.h"
#include "bridge/what_if_state.h"
#include "kv/importers/log_locations.h"
#include "widgets/axis_format.h"
#include "widgets/capacity_curve_chart.h"
#include "widgets/chart_theme.h"
#include "widgets/chunks_chart.h"
#include "widgets/cost_chart.h"
#include "widgets/fleet_chart.h"
#include "widgets/miss_causes_chart.h"
#include "widgets/prompt_composition_chart.h"
#include "widgets/provider_gap_chart.h"
#include "widgets/request_gaps_chart.h"
#include "widgets/request_inspector.h"
#include "widgets/serving_chart.h"
#include "widgets/simulation_panel.h"
#include "widgets/subagent_sharing_chart.h"
#include "widgets/tiers_chart.h"
#include "widgets/token_columns_chart.h"
#include "widgets/ttl_curve_chart.h"
#include "widgets/what_if_panel.h"
#include "widgets/working_set_chart.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHeaderView>
#include <QItemSelection>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <algorithm>
#include <cstdio>

namespace kv::gui {

namespace {
// The view tabs in order, and the charts with the tab each sits on: the one place that names them.
const char* const kViews[] = { "columns", "composition", "curves", "gaps", "subagents", "misses", "chunks", "cost",
    "tiers", "provider", "serving", "fleet", "simulate" };
struct ChartName
{
    const char* name;
    int tab;
};
const ChartName kCharts[] = { { "columns", 0 }, { "composition", 1 }, { "ttl", 2 }, { "working-set", 2 }, { "gaps", 3 },
    { "capacity", 3 }, { "subagents", 4 }, { "misses", 5 }, { "chunks", 6 }, { "cost", 7 }, { "tiers", 8 },
    { "provider", 9 }, { "serving", 10 }, { "fleet", 11 }, { "simulation", 12 } };
// QList's operator== passes a null pointer to memcmp for empty lists in Qt 6.4 (UBSan).
bool sameIds(const QList<qint64>& a, const QList<qint64>& b)
{
    return a.size() == b.size() && std::equal(a.cbegin(), a.cend(), b.cbegin());
}
} // namespace

MainWindow::MainWindow(const QString& storePath, QWidget* parent)
    : QMainWindow(parent)
    , m_controller(new views::AnalysisController(storePath, this))
    , m_model(new views::SessionTableModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_table(new QTableView(this))
    , m_filter(new QLineEdit(this))
    , m_whatIf(new views::WhatIfState(this))
    , m_ttlChart(new views::TtlCurveChart(this))
    , m_wsChart(new views::WorkingSetChart(this))
    , m_columnsChart(new views::TokenColumnsChart(this))
    , m_capacityChart(new views::CapacityCurveChart(this))
    , m_gapsChart(new views::RequestGapsChart(this))
    , m_compositionChart(new views::PromptCompositionChart(this))
    , m_inspector(new views::RequestInspector(this))
    , m_sharingChart(new views::SubagentSharingChart(this))
    , m_missesChart(new views::MissCausesChart(this))
    , m_chunksChart(new views::ChunksChart(this))
    , m_fleetChart(new views::FleetChart(this))
    , m_simulationPanel(new views::SimulationPanel(this))
    , m_costChart(new views::CostChart(this))
    , m_tiersChart(new views::TiersChart(this))
    , m_providerChart(new views::ProviderGapChart(this))
    , m_servingChart(new views::ServingChart(this))
    , m_whatIfPanel(new views::WhatIfPanel(m_whatIf, this))
    , m_tabs(new QTabWidget(this))
    , m_status(new QLabel(tr("Open trace files or a directory (Ctrl+O, Ctrl+Shift+O)"), this))
    , m_progress(new QProgressBar(this))
    , m_cancel(new QToolButton(this))
{
    setWindowTitle(tr("kvscope: KV-cache analytics for agent traces"));
    setAcceptDrops(true);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(views::SessionTableModel::SortRole);
    m_proxy->setFilterKeyColumn(-1); // any column
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_filter->setPlaceholderText(tr("Filter sessions (name, source, model...)"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    m_table->setObjectName(QStringLiteral("sessions"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->sortByColumn(views::SessionTableModel::Name, Qt::AscendingOrder);

    // Thirteen views: short names, so all fit without scroll arrows at the default width.
    m_tabs->addTab(m_columnsChart, tr("Columns"));
    m_tabs->addTab(m_compositionChart, tr("Composition"));
    auto* curves = new QSplitter(Qt::Horizontal, this);
    curves->addWidget(m_ttlChart);
    curves->addWidget(m_wsChart);
    m_tabs->addTab(curves, tr("TTL && working set"));
    auto* more = new QSplitter(Qt::Horizontal, this);
    more->addWidget(m_gapsChart);
    more->addWidget(m_capacityChart);
    m_tabs->addTab(more, tr("Gaps && capacity"));
    m_tabs->addTab(m_sharingChart, tr("Sub-agents"));
    m_tabs->addTab(m_missesChart, tr("Misses"));
    m_tabs->addTab(m_chunksChart, tr("Chunks"));
    m_tabs->addTab(m_costChart, tr("Cost"));
    m_tabs->addTab(m_tiersChart, tr("Tiers"));
    m_tabs->addTab(m_providerChart, tr("Provider"));
    m_tabs->addTab(m_servingChart, tr("Serving"));
    m_tabs->addTab(m_fleetChart, tr("Fleet"));
    m_tabs->addTab(m_simulationPanel, tr("Simulate"));
    QCustomPlot* const plots[] = { m_columnsChart->plot(), m_compositionChart->plot(), m_ttlChart->plot(),
        m_wsChart->plot(), m_gapsChart->plot(), m_capacityChart->plot(), m_sharingChart->plot(), m_missesChart->plot(),
        m_chunksChart->plot(), m_costChart->plot(), m_tiersChart->plot(), m_providerChart->plot(),
        m_servingChart->plot(), m_fleetChart->plot(), m_simulationPanel->plot() };
    static_assert(std::size(plots) == std::size(kCharts));
    for (std::size_t i = 0; i < std::size(kCharts); ++i)
        m_plots.insert(QLatin1String(kCharts[i].name), plots[i]);
    auto* bottom = new QWidget(this);
    auto* bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    bottomLayout->addWidget(m_whatIfPanel);
    auto* viewsAndInspector = new QSplitter(Qt::Horizontal, this);
    viewsAndInspector->addWidget(m_tabs);
    viewsAndInspector->addWidget(m_inspector);
    viewsAndInspector->setStretchFactor(0, 4);
    viewsAndInspector->setStretchFactor(1, 1);
    bottomLayout->addWidget(viewsAndInspector, 1);
    const auto inspect = [this](int j) {
        m_inspected = j;
        const core::SessionAnalysis* s = currentSession();
        m_inspector->show(s, j, m_whatIf->policy(s ? s->blockSize : 64));
    };
    connect(m_columnsChart, &views::TokenColumnsChart::requestClicked, this, inspect);
    connect(m_chunksChart, &views::ChunksChart::requestPicked, this, inspect);
    auto* top = new QWidget(this);
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->setSpacing(2);
    topLayout->addWidget(m_filter);
    topLayout->addWidget(m_table, 1);
    auto* main = new QSplitter(Qt::Vertical, this);
    main->addWidget(top);
    main->addWidget(bottom);
    main->setStretchFactor(0, 1);
    main->setStretchFactor(1, 2);
    setCentralWidget(main);
    // The last what-if policy comes back (QSettings), and every view follows the sliders from the
    // one-pass results already in memory.
    {
        QSettings settings;
        m_whatIf->setTtlIndex(settings.value(QStringLiteral("whatif/ttlIndex"), m_whatIf->ttlIndex()).toInt());
        m_whatIf->setCapacityIndex(
            settings.value(QStringLiteral("whatif/capacityIndex"), m_whatIf->capacityIndex()).toInt());
    }
    connect(m_whatIf, &views::WhatIfState::changed, this, [this] {
        m_model->setWhatIf(m_whatIf->ttl(), m_whatIf->capacityTokens());
        currentRowChanged();
    });

    m_progress->setRange(0, 1000);
    m_progress->setMaximumWidth(240);
    m_progress->hide();
    m_cancel->setText(tr("Cancel"));
    m_cancel->hide();
    statusBar()->addWidget(m_status, 1);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancel);

    createActions();
    connect(m_cancel, &QToolButton::clicked, m_controller, &views::AnalysisController::cancel);
    connect(m_controller, &views::AnalysisController::busyChanged, this, [this](bool busy) {
        m_progress->setVisible(busy);
        m_cancel->setVisible(busy);
        m_progress->setValue(0);
    });
    connect(m_controller, &views::AnalysisController::progressChanged, this, [this](int permille, const QString& text) {
        m_progress->setValue(permille);
        m_status->setText(text);
    });
    connect(m_controller, &views::AnalysisController::importFinished, this, &MainWindow::showImportReport);
    connect(m_controller, &views::AnalysisController::snapshotReady, this, &MainWindow::showSnapshot);
    connect(m_controller, &views::AnalysisController::failed, this, [this](const QString& msg) {
        if (m_interactive)
            QMessageBox::warning(this, tr("kvscope"), msg);
        else
            std::fprintf(stderr, "kvscope: %s\n", qPrintable(msg));
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MainWindow::currentRowChanged);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MainWindow::selectionChanged);
    connect(m_controller, &views::AnalysisController::selectionReady, this, &MainWindow::showSelection);
    // A new fleet timing re-times the selection; the views keep the old one until the new is ready.
    connect(m_fleetChart, &views::FleetChart::timingChanged, this, [this](const core::FleetTiming& timing) {
        if (m_selectionIds.isEmpty())
            return;
        m_status->setText(tr("Re-timing %n sessions...", nullptr, int(m_selectionIds.size())));
        m_controller->analyseSelection(m_selectionIds, timing);
    });

    connect(m_simulationPanel, &views::SimulationPanel::runRequested, this, &MainWindow::runSimulation);
    connect(m_simulationPanel, &views::SimulationPanel::storedRunsRequested, m_controller,
        &views::AnalysisController::loadStoredRuns);
    connect(m_controller, &views::AnalysisController::storedRunsListed, m_simulationPanel,
        &views::SimulationPanel::setStoredRuns);
    connect(m_controller, &views::AnalysisController::storedRunsLoaded, this,
        [this](views::SimulationResultsPtr results, double ttft, double percentile, const QString& error) {
            if (!results) {
                m_status->setText(tr("Stored runs: %1").arg(error));
                return;
            }
            core::ServiceObjectives objectives;
            objectives.ttftSeconds = ttft;
            objectives.ttftPercentile = percentile;
            m_simulationPanel->show(results, objectives);
            m_status->setText(tr("Showing %n stored run(s)", nullptr, int(results->size())));
            emit simulationShown(true, QString());
        });
    connect(m_controller, &views::AnalysisController::simulationReady, this,
        [this](views::SimulationResultsPtr results, const QString& error) {
            m_simulationPanel->setRunning(false);
            if (results) {
                m_simulationPanel->show(results, m_simulationObjectives);
                m_status->setText(tr("Simulated %n config(s)", nullptr, int(results->size())));
            } else {
                m_status->setText(tr("Simulation: %1").arg(error));
            }
            m_controller->listStoredRuns(); // the new runs join the stored list
            emit simulationShown(results != nullptr, error);
        });
    // The price table and KV specs of the last session come back; a file that has gone says so.
    connect(m_controller, &views::AnalysisController::pricesChanged, this,
        [this](const QString& file) { m_costChart->setPriceSource(QFileInfo(file).fileName()); });
    {
        const QSettings settings;
        const QString prices = settings.value(QStringLiteral("costs/priceFile")).toString();
        if (!prices.isEmpty())
            setPriceFile(prices, false);
        QString error;
        const QString specs = settings.value(QStringLiteral("tiers/modelsFile")).toString();
        if (!specs.isEmpty() && !setKvModelFile(specs, false, &error))
            m_status->setText(tr("KV model specs not loaded: %1").arg(error));
    }
    restoreGeometry(QSettings().value(QStringLiteral("window/geometry")).toByteArray());
    if (width() < 800 || height() < 500) // first start, or a geometry saved on a smaller screen
        resize(1400, 900);
}

MainWindow::~MainWindow() = default;

void MainWindow::setDarkTheme(bool dark)
{
    // Fusion draws every widget from the palette, so one palette themes the whole window and,
    // through followPalette, the charts.
    static const QString original = QApplication::style()->name();
    if (dark) {
        QApplication::setStyle(QStringLiteral("Fusion"));
        QApplication::setPalette(views::darkPalette());
    } else {
        QApplication::setStyle(original);
        QApplication::setPalette(QApplication::style()->standardPalette());
    }
}

void MainWindow::showImportReport(const views::ImportReport& report)
{
    QString text = tr("Imported %1 file(s), %2 already open, %3 failed")
                       .arg(report.imported)
                       .arg(report.alreadyPresent)
                       .arg(report.failed);
    if (report.cancelled)
        text += tr(" (cancelled)");
    m_status->setText(text);
    if (!report.messages.isEmpty() && !m_interactive) { // scripts: the problems go to stderr, nothing waits
        for (const QString& m : report.messages)
            std::fprintf(stderr, "kvscope: %s\n", qPrintable(m));
    } else if (!report.messages.isEmpty()) {
        QMessageBox box(QMessageBox::Warning, tr("Some input could not be read"),
            tr("%n problem(s) while importing; everything else was imported.", nullptr, int(report.messages.size())),
            QMessageBox::Ok, this);
        box.setDetailedText(report.messages.join(QLatin1Char('\n')));
        box.exec();
    }
}

void MainWindow::showSnapshot(views::AnalysisSnapshotPtr snapshot)
{
    m_controller->listStoredRuns(); // a file store may hold runs from before
    // The rows are rebuilt: the sessions selected before (new prices, more files) stay selected.
    const QList<qint64> kept = selectedStoreIds();
    m_inspected = -1;
    m_selectionIds.clear();
    m_selection.reset();
    m_selectionError.clear();
    m_model->setSnapshot(std::move(snapshot));
    m_table->resizeColumnsToContents();
    QList<int> rows;
    const auto& sessions = m_model->snapshot()->sessions;
    for (std::size_t i = 0; i < sessions.size(); ++i)
        if (kept.contains(sessions[i].storeId))
            if (const int row = m_proxy->mapFromSource(m_model->index(int(i), 0)).row(); row >= 0)
                rows << row; // not when the filter hides it
    std::sort(rows.begin(), rows.end());
    if (rows.size() > 1)
        selectSessions(rows);
    else if (m_proxy->rowCount() > 0)
        selectSession(rows.isEmpty() ? 0 : rows.first());
    emit analysisShown();
}

bool MainWindow::showView(const QString& name)
{
    for (int i = 0; i < int(std::size(kViews)); ++i) {
        if (name == QLatin1String(kViews[i])) {
            m_tabs->setCurrentIndex(i);
            return true;
        }
    }
    return false;
}

void MainWindow::selectSession(int row)
{
    if (row < 0 || row >= m_proxy->rowCount())
        return;
    m_inspected = -1;
    m_table->selectRow(row);
    m_table->setCurrentIndex(m_proxy->index(row, 0));
    currentRowChanged();
}

void MainWindow::selectSessions(const QList<int>& rows)
{
    QItemSelection selection;
    for (int row : rows)
        if (row >= 0 && row < m_proxy->rowCount())
            selection.select(m_proxy->index(row, 0), m_proxy->index(row, m_proxy->columnCount() - 1));
    if (selection.isEmpty())
        return;
    // Select first: moving the current row then finds a multi-row selection pending and does not
    // report the single row as shown.
    m_table->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
    m_table->selectionModel()->setCurrentIndex(selection.indexes().first(), QItemSelectionModel::NoUpdate);
    currentRowChanged();
}

QList<qint64> MainWindow::selectedStoreIds() const
{
    QList<qint64> ids;
    const auto snap = m_model->snapshot();
    if (!snap)
        return ids;
    QModelIndexList rows = m_table->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    for (const QModelIndex& index : rows) {
        const int row = m_proxy->mapToSource(index).row();
        if (row >= 0 && std::size_t(row) < snap->sessions.size())
            ids << snap->sessions[std::size_t(row)].storeId;
    }
    return ids;
}

std::vector<const core::SessionAnalysis*> MainWindow::selectionMembers() const
{
    std::vector<const core::SessionAnalysis*> members;
    const auto snap = m_model->snapshot();
    if (!snap)
        return members;
    for (qint64 id : m_selectionIds) {
        const auto it = std::find_if(snap->sessions.begin(), snap->sessions.end(),
            [id](const core::SessionAnalysis& a) { return a.storeId == id; });
        members.push_back(it == snap->sessions.end() ? nullptr : &*it);
    }
    return members;
}

void MainWindow::selectionChanged()
{
    QList<qint64> ids = selectedStoreIds();
    if (ids.size() <= 1)
        ids.clear();
    if (sameIds(ids, m_selectionIds))
        return;
    m_selectionIds = ids;
    m_selection.reset();
    m_selectionError.clear();
    if (!ids.isEmpty()) {
        m_status->setText(tr("Analysing %n sessions as one shared cache...", nullptr, int(ids.size())));
        m_controller->analyseSelection(ids, m_fleetChart->timing());
    }
    currentRowChanged();
}

void MainWindow::showSelection(const QList<qint64>& ids, views::SessionAnalysisPtr analysis, const QString& error)
{
    if (!sameIds(ids, m_selectionIds))
        return; // an older selection's answer
    m_selection = std::move(analysis);
    m_selectionError = m_selection ? QString() : error;
    m_status->setText(m_selection ? tr("Showing %n sessions replayed into one shared cache", nullptr, int(ids.size()))
                                  : tr("The selection cannot be shown as one cache: %1").arg(error));
    currentRowChanged();
}

const core::SessionAnalysis* MainWindow::currentSession() const
{
    if (m_selection)
        return m_selection.get();
    const QModelIndex current = m_table->currentIndex();
    const auto snap = m_model->snapshot();
    if (!current.isValid() || !snap)
        return nullptr;
    const int row = m_proxy->mapToSource(current).row();
    return row >= 0 && std::size_t(row) < snap->sessions.size() ? &snap->sessions[std::size_t(row)] : nullptr;
}

void MainWindow::currentRowChanged()
{
    const core::SessionAnalysis* s = currentSession();
    if (s != m_lastSession) { // a clicked request belongs to the session it was clicked in
        m_lastSession = s;
        m_inspected = -1;
    }
    const core::CachePolicy policy = m_whatIf->policy(s ? s->blockSize : 64);
    m_ttlChart->setSession(s);
    m_ttlChart->setMarker(m_whatIf->ttl());
    m_wsChart->setSession(s, policy);
    m_columnsChart->show(s, policy);
    m_capacityChart->show(s, m_whatIf->ttl(), m_whatIf->capacityTokens());
    m_gapsChart->show(s, m_whatIf->ttl());
    m_compositionChart->show(s);
    m_sharingChart->show(s);
    m_missesChart->show(s, policy);
    m_chunksChart->show(s, policy, m_missesChart->summary().causes); // one miss-cause pass for both
    m_costChart->show(s);
    m_tiersChart->show(s, m_whatIf->ttl());
    m_providerChart->show(s, policy);
    m_servingChart->show(s, policy);
    m_fleetChart->show(s, m_selection ? selectionMembers() : std::vector<const core::SessionAnalysis*> {}, policy);
    // Until a column is clicked, inspect the request that lost the most cacheable tokens.
    int inspect = m_inspected;
    if (inspect < 0) {
        const auto& cols = m_columnsChart->columns();
        std::uint64_t worst = 0;
        for (std::size_t j = 0; j < cols.size(); ++j)
            if (cols[j].missedCacheable > worst)
                worst = cols[j].missedCacheable, inspect = int(j);
    }
    m_inspector->show(s, inspect, policy);
    if (m_selectionIds.isEmpty() || m_selection || !m_selectionError.isEmpty())
        emit viewsShown();
}

QStringList MainWindow::chartsOnTab(int tab)
{
    QStringList names;
    for (const ChartName& c : kCharts)
        if (c.tab == tab)
            names << QLatin1String(c.name);
    return names;
}

QStringList MainWindow::viewNames()
{
    QStringList names;
    for (const char* v : kViews)
        names << QLatin1String(v);
    return names;
}

QStringList MainWindow::chartNames()
{
    QStringList names;
    for (const ChartName& c : kCharts)
        names << QLatin1String(c.name);
    return names;
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    m_controller->cancel();
    if (QGuiApplication::platformName() != QLatin1String("offscreen")) {
        QSettings settings;
        settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
        settings.setValue(QStringLiteral("whatif/ttlIndex"), m_whatIf->ttlIndex());
        settings.setValue(QStringLiteral("whatif/capacityIndex"), m_whatIf->capacityIndex());
    }
    event->accept();
}

} // namespace kv::gui

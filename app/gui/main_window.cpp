// SPDX-License-Identifier: Apache-2.0
#include "main_window.h"

#include "bridge/session_table_model.h"
#include "bridge/what_if_state.h"
#include "kv/importers/log_locations.h"
#include "widgets/capacity_curve_chart.h"
#include "widgets/request_gaps_chart.h"
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
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>
#include <qcustomplot.h>

namespace kv::gui {

MainWindow::MainWindow(const QString& storePath, QWidget* parent)
    : QMainWindow(parent)
    , m_controller(new views::AnalysisController(storePath, this))
    , m_model(new views::SessionTableModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_table(new QTableView(this))
    , m_whatIf(new views::WhatIfState(this))
    , m_ttlChart(new views::TtlCurveChart(this))
    , m_wsChart(new views::WorkingSetChart(this))
    , m_columnsChart(new views::TokenColumnsChart(this))
    , m_capacityChart(new views::CapacityCurveChart(this))
    , m_gapsChart(new views::RequestGapsChart(this))
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
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->sortByColumn(views::SessionTableModel::Name, Qt::AscendingOrder);

    m_tabs->addTab(m_columnsChart, tr("Token columns"));
    auto* curves = new QSplitter(Qt::Horizontal, this);
    curves->addWidget(m_ttlChart);
    curves->addWidget(m_wsChart);
    m_tabs->addTab(curves, tr("TTL curve and working set"));
    auto* more = new QSplitter(Qt::Horizontal, this);
    more->addWidget(m_gapsChart);
    more->addWidget(m_capacityChart);
    m_tabs->addTab(more, tr("Request gaps and capacity"));
    auto* bottom = new QWidget(this);
    auto* bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    bottomLayout->addWidget(m_whatIfPanel);
    bottomLayout->addWidget(m_tabs, 1);
    auto* main = new QSplitter(Qt::Vertical, this);
    main->addWidget(m_table);
    main->addWidget(bottom);
    main->setStretchFactor(0, 1);
    main->setStretchFactor(1, 2);
    setCentralWidget(main);
    // Every view follows the sliders from the one-pass results already in memory.
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
    connect(m_controller, &views::AnalysisController::failed, this,
        [this](const QString& msg) { QMessageBox::warning(this, tr("kvscope"), msg); });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MainWindow::currentRowChanged);

    restoreGeometry(QSettings().value(QStringLiteral("window/geometry")).toByteArray());
    if (width() < 800 || height() < 500) // first start, or a geometry saved on a smaller screen
        resize(1400, 900);
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* openFiles = file->addAction(tr("&Open Traces..."), this, [this] {
        const QStringList files = QFileDialog::getOpenFileNames(
            this, tr("Open traces"), QString(), tr("Traces (*.json *.json.zst *.jsonl *.jsonl.zst);;All files (*)"));
        openPaths(files);
    });
    openFiles->setShortcut(QKeySequence::Open);
    QAction* openDir = file->addAction(tr("Open &Directory..."), this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Open a directory of traces"));
        if (!dir.isEmpty())
            openPaths({ dir });
    });
    openDir->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    file->addAction(tr("Open &Claude Code Sessions"), this, [this] { openAgentLogs(true); });
    file->addAction(tr("Open Code&x Sessions"), this, [this] { openAgentLogs(false); });
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    updateRecentMenu();
    file->addSeparator();
    QAction* exportAct = file->addAction(tr("&Export Charts as PNG..."), this, &MainWindow::exportCharts);
    exportAct->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    file->addSeparator();
    QAction* cancel = file->addAction(tr("&Cancel Import"), m_controller, &views::AnalysisController::cancel);
    cancel->setShortcut(QKeySequence(Qt::Key_Escape));
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About kvscope"), this, [this] {
        QMessageBox::about(this, tr("About kvscope"),
            tr("<b>kvscope</b> %1<br>KV-cache analytics for AI agent traces: hit rate, working set and "
               "re-prefills under modeled TTLs and capacities.")
                .arg(QCoreApplication::applicationVersion()));
    });
}

void MainWindow::openAgentLogs(bool claude)
{
    QStringList dirs;
    for (const std::string& d : importers::agentLogDirectories(claude, !claude))
        dirs << QString::fromStdString(d);
    if (dirs.isEmpty()) {
        QMessageBox::information(this, tr("kvscope"),
            claude ? tr("No Claude Code logs found (looked in $CLAUDE_CONFIG_DIR, ~/.claude and ~/.config/claude).")
                   : tr("No Codex logs found (looked in $CODEX_HOME and ~/.codex)."));
        return;
    }
    openPaths(dirs);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    QStringList paths;
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile())
            paths << url.toLocalFile();
    openPaths(paths);
    event->acceptProposedAction();
}

void MainWindow::openPaths(const QStringList& paths)
{
    if (paths.isEmpty())
        return;
    addRecent(paths);
    m_status->setText(tr("Importing %n path(s)...", nullptr, int(paths.size())));
    m_controller->openPaths(paths);
}

void MainWindow::addRecent(const QStringList& paths)
{
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("recent/paths")).toStringList();
    for (const QString& path : paths) {
        const QString p = QFileInfo(path).absoluteFilePath();
        recent.removeAll(p);
        recent.prepend(p);
    }
    while (recent.size() > 10)
        recent.removeLast();
    settings.setValue(QStringLiteral("recent/paths"), recent);
    updateRecentMenu();
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = QSettings().value(QStringLiteral("recent/paths")).toStringList();
    for (const QString& p : recent)
        m_recentMenu->addAction(p, this, [this, p] { openPaths({ p }); });
    m_recentMenu->setEnabled(!recent.isEmpty());
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
    if (!report.messages.isEmpty()) {
        QMessageBox box(QMessageBox::Warning, tr("Some input could not be read"),
            tr("%n problem(s) while importing; everything else was imported.", nullptr, int(report.messages.size())),
            QMessageBox::Ok, this);
        box.setDetailedText(report.messages.join(QLatin1Char('\n')));
        box.exec();
    }
}

void MainWindow::showSnapshot(views::AnalysisSnapshotPtr snapshot)
{
    m_model->setSnapshot(std::move(snapshot));
    m_table->resizeColumnsToContents();
    if (m_proxy->rowCount() > 0)
        selectSession(0);
    emit analysisShown();
}

bool MainWindow::showView(const QString& name)
{
    const QStringList names { QStringLiteral("columns"), QStringLiteral("curves"), QStringLiteral("gaps") };
    const int i = int(names.indexOf(name));
    if (i < 0)
        return false;
    m_tabs->setCurrentIndex(i);
    return true;
}

void MainWindow::selectSession(int row)
{
    if (row < 0 || row >= m_proxy->rowCount())
        return;
    m_table->selectRow(row);
    m_table->setCurrentIndex(m_proxy->index(row, 0));
    currentRowChanged();
}

const core::SessionAnalysis* MainWindow::currentSession() const
{
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
    const core::CachePolicy policy = m_whatIf->policy(s ? s->blockSize : 64);
    m_ttlChart->setSession(s);
    m_ttlChart->setMarker(m_whatIf->ttl());
    m_wsChart->setSession(s, policy);
    m_columnsChart->show(s, policy);
    m_capacityChart->show(s, m_whatIf->ttl(), m_whatIf->capacityTokens());
    m_gapsChart->show(s, m_whatIf->ttl());
}

void MainWindow::exportCharts()
{
    const QString base = QFileDialog::getSaveFileName(
        this, tr("Export charts"), QStringLiteral("kvscope.png"), tr("PNG images (*.png)"));
    if (base.isEmpty())
        return;
    QString stem = base;
    if (stem.endsWith(QLatin1String(".png")))
        stem.chop(4);
    const bool ok = m_ttlChart->plot()->savePng(stem + QStringLiteral("-ttl.png"), 1200, 700)
        && m_wsChart->plot()->savePng(stem + QStringLiteral("-working-set.png"), 1200, 700)
        && m_columnsChart->plot()->savePng(stem + QStringLiteral("-token-columns.png"), 1200, 700)
        && m_capacityChart->plot()->savePng(stem + QStringLiteral("-capacity.png"), 1200, 700)
        && m_gapsChart->plot()->savePng(stem + QStringLiteral("-request-gaps.png"), 1200, 700);
    m_status->setText(ok
            ? tr("Charts saved as %1-*.png (token columns, ttl, working set, capacity, request gaps)").arg(stem)
            : tr("Could not save the charts"));
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    m_controller->cancel();
    if (QGuiApplication::platformName() != QLatin1String("offscreen"))
        QSettings().setValue(QStringLiteral("window/geometry"), saveGeometry());
    event->accept();
}

} // namespace kv::gui

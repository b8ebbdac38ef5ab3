// SPDX-License-Identifier: Apache-2.0
// MainWindow's menus and what they start: opening files (dialogs, drops, recent files, the
// agents' log folders), price tables and KV specs, and simulations. The window's layout and the
// views' wiring are in main_window.cpp.
#include "bridge/what_if_state.h"
#include "kv/importers/log_locations.h"
#include "main_window.h"
#include "widgets/simulation_panel.h"
#include "widgets/tiers_chart.h"

#include <QAction>
#include <QApplication>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>

namespace kv::gui {

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
    QAction* keepText = file->addAction(tr("&Keep Prompt Text on Import"));
    keepText->setCheckable(true);
    keepText->setToolTip(tr("Store agent logs' prompt text (zstd) so the request inspector can show it"));
    keepText->setChecked(QSettings().value(QStringLiteral("import/keepText"), false).toBool());
    m_controller->setKeepText(keepText->isChecked());
    connect(keepText, &QAction::toggled, this, [this](bool on) {
        m_controller->setKeepText(on);
        QSettings().setValue(QStringLiteral("import/keepText"), on);
    });
    file->addAction(tr("Open &Claude Code Sessions"), this, [this] { openAgentLogs(true); });
    file->addAction(tr("Open Code&x Sessions"), this, [this] { openAgentLogs(false); });
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    updateRecentMenu();
    file->addSeparator();
    QAction* exportAct = file->addAction(tr("&Export Chart..."), this, &MainWindow::exportCharts);
    exportAct->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    QAction* reportAct = file->addAction(tr("Export &Report (PDF)..."), this, &MainWindow::exportReportInteractively);
    reportAct->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    file->addSeparator();
    QAction* cancel
        = file->addAction(tr("&Cancel Import or Simulation"), m_controller, &views::AnalysisController::cancel);
    cancel->setShortcut(QKeySequence(Qt::Key_Escape));
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    QMenu* analysis = menuBar()->addMenu(tr("&Analysis"));
    analysis->addAction(tr("Load &Price Table (JSON)..."), this, [this] {
        const QString chosen = QFileDialog::getOpenFileName(this, tr("Prices in $ per million tokens"),
            QFileInfo(m_controller->priceFile()).path(), tr("JSON (*.json);;All files (*)"));
        if (!chosen.isEmpty())
            setPriceFile(chosen, true);
    });
    analysis->addAction(tr("Use &Built-in List Prices"), this, [this] { setPriceFile(QString(), true); });
    analysis->addSeparator();
    analysis->addAction(tr("Load &KV Model Specs (JSON)..."), this, [this] {
        const QString chosen = QFileDialog::getOpenFileName(
            this, tr("KV-cache specs of models"), QString(), tr("JSON (*.json);;All files (*)"));
        QString error;
        if (!chosen.isEmpty() && !setKvModelFile(chosen, true, &error))
            QMessageBox::warning(this, tr("kvscope"), error);
    });
    analysis->addAction(tr("Use Built-in KV &Specs"), this, [this] { setKvModelFile(QString(), true, nullptr); });
    QMenu* view = menuBar()->addMenu(tr("&View"));
    QAction* dark = view->addAction(tr("&Dark Theme"));
    dark->setCheckable(true);
    dark->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    dark->setChecked(QSettings().value(QStringLiteral("view/dark"), false).toBool());
    connect(dark, &QAction::toggled, this, [](bool on) {
        setDarkTheme(on);
        QSettings().setValue(QStringLiteral("view/dark"), on);
    });
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About kvscope"), this, [this] {
        QMessageBox::about(this, tr("About kvscope"),
            tr("<b>kvscope</b> %1<br>KV-cache analytics for AI agent traces: hit rate, working set and "
               "re-prefills under modeled TTLs and capacities.")
                .arg(QCoreApplication::applicationVersion()));
    });
}

void MainWindow::runSimulation()
{
    core::UserLoad load;
    core::UserTiming timing;
    if (!m_simulationPanel->readFields(load, timing, m_simulationObjectives)) {
        emit simulationShown(false, tr("the simulation's users, duration or objective do not parse"));
        return;
    }
    std::vector<core::ServingConfig> configs;
    for (const QString& file : m_simulationPanel->configFiles()) {
        auto config = views::AnalysisController::servingConfig(file);
        if (!config) {
            const QString error = QString::fromStdString(config.message());
            if (m_interactive)
                QMessageBox::warning(this, tr("kvscope"), error);
            emit simulationShown(false, error);
            return;
        }
        configs.push_back(std::move(*config));
    }
    if (configs.empty())
        configs.emplace_back(); // the built-in instance
    QList<qint64> ids;
    if (m_simulationPanel->selectedRowsOnly()) {
        ids = selectedStoreIds();
        if (ids.isEmpty()) {
            emit simulationShown(false, tr("no rows selected"));
            return;
        }
    }
    m_simulationPanel->setRunning(true);
    m_status->setText(tr("Simulating %n config(s)...", nullptr, int(configs.size())));
    m_controller->simulate(ids, configs, timing, load, m_simulationObjectives);
}

void MainWindow::setPriceFile(const QString& path, bool remember)
{
    if (remember)
        QSettings().setValue(QStringLiteral("costs/priceFile"), path);
    m_controller->setPriceFile(path);
}

bool MainWindow::setKvModelFile(const QString& path, bool remember, QString* error)
{
    auto models = views::AnalysisController::kvModels(path);
    if (!models) {
        if (error)
            *error = QString::fromStdString(models.message());
        return false;
    }
    if (remember)
        QSettings().setValue(QStringLiteral("tiers/modelsFile"), path);
    m_tiersChart->setModels(std::move(*models));
    return true;
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

} // namespace kv::gui

// SPDX-License-Identifier: Apache-2.0
#include "widgets/simulation_panel.h"

#include "kv/core/cache_policy.h"
#include "kv/core/units.h"
#include "widgets/axis_format.h"
#include "widgets/chart_navigation.h"
#include "widgets/chart_theme.h"
#include "widgets/chart_title.h"

#include <QCheckBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <cmath>

namespace kv::views {

namespace {
const QColor kRunColours[] = { QColor(0x1f, 0x77, 0xb4), QColor(0xd6, 0x27, 0x28), QColor(0x2c, 0xa0, 0x2c),
    QColor(0x94, 0x67, 0xbd), QColor(0xff, 0x7f, 0x0e), QColor(0x8c, 0x56, 0x4b) };
}

SimulationPanel::SimulationPanel(QWidget* parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
    , m_configs(new QListWidget(this))
    , m_stored(new QListWidget(this))
    , m_users(new QLineEdit(this))
    , m_duration(new QLineEdit(this))
    , m_ttft(new QLineEdit(this))
    , m_selectionOnly(new QCheckBox(tr("Selected rows only"), this))
    , m_run(new QPushButton(tr("Run"), this))
    , m_problem(new QLabel(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* top = new QHBoxLayout;
    m_configs->setMaximumHeight(64);
    m_configs->setToolTip(tr("Serving configs (JSON, see examples/serving); none: the built-in one, "
                             "Llama 3.1 70B on 8 x H100 with HBM only"));
    top->addWidget(new QLabel(tr("Configs"), this));
    top->addWidget(m_configs, 1);
    auto* buttons = new QVBoxLayout;
    auto* add = new QPushButton(tr("Add..."), this);
    auto* remove = new QPushButton(tr("Remove"), this);
    buttons->addWidget(add);
    buttons->addWidget(remove);
    top->addLayout(buttons);
    m_stored->setMaximumHeight(64);
    m_stored->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_stored->setToolTip(tr("Runs kept in the store (open it with --db to keep them): select some to compare"));
    top->addWidget(new QLabel(tr("Stored runs"), this));
    top->addWidget(m_stored, 1);
    auto* showStored = new QPushButton(tr("Show"), this);
    top->addWidget(showStored);
    layout->addLayout(top);
    connect(showStored, &QPushButton::clicked, this, [this] {
        const QList<qint64> ids = selectedStoredRuns();
        if (!ids.isEmpty())
            emit storedRunsRequested(ids);
    });
    auto* row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("Users"), this));
    m_users->setToolTip(tr("fixed:N, ramp:START,STEP,PERIOD,MAX or slo:START,STEP,PERIOD,MAX"));
    row->addWidget(m_users);
    row->addWidget(new QLabel(tr("for"), this));
    m_duration->setMaximumWidth(70);
    row->addWidget(m_duration);
    row->addWidget(new QLabel(tr("TTFT p95 at most (s)"), this));
    m_ttft->setMaximumWidth(60);
    row->addWidget(m_ttft);
    row->addWidget(m_selectionOnly);
    row->addWidget(m_run);
    row->addWidget(m_problem, 1);
    layout->addLayout(row);
    layout->addWidget(m_plot, 1);

    const QSettings settings;
    m_users->setText(settings.value(QStringLiteral("simulate/users"), QStringLiteral("ramp:4,4,5m,60")).toString());
    m_duration->setText(settings.value(QStringLiteral("simulate/duration"), QStringLiteral("1h")).toString());
    m_ttft->setText(settings.value(QStringLiteral("simulate/ttft"), QStringLiteral("5")).toString());
    setConfigFiles(settings.value(QStringLiteral("simulate/configs")).toStringList());
    connect(add, &QPushButton::clicked, this, [this] {
        const QStringList files
            = QFileDialog::getOpenFileNames(this, tr("Serving configs"), QString(), tr("JSON (*.json);;All files (*)"));
        setConfigFiles(configFiles() + files);
        QSettings().setValue(QStringLiteral("simulate/configs"), configFiles());
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        delete m_configs->currentItem();
        QSettings().setValue(QStringLiteral("simulate/configs"), configFiles());
    });
    connect(m_run, &QPushButton::clicked, this, [this] {
        QSettings remembered;
        remembered.setValue(QStringLiteral("simulate/users"), m_users->text());
        remembered.setValue(QStringLiteral("simulate/duration"), m_duration->text());
        remembered.setValue(QStringLiteral("simulate/ttft"), m_ttft->text());
        emit runRequested();
    });

    m_plot->xAxis->setTicker(clockTicker());
    m_plot->xAxis->setLabel(tr("simulated time"));
    m_plot->yAxis->setScaleType(QCPAxis::stLogarithmic);
    m_plot->yAxis->setTicker(labelledTicker(
        { { 0.01, "10 ms" }, { 0.1, "0.1 s" }, { 1, "1 s" }, { 10, "10 s" }, { 100, "100 s" }, { 1000, "1000 s" } }));
    m_plot->yAxis->setRange(0.01, 1000);
    m_plot->yAxis->setLabel(tr("TTFT p95 per period"));
    m_plot->yAxis2->setVisible(true);
    m_plot->yAxis2->setLabel(tr("users (dashed)"));
    m_plot->legend->setVisible(true);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    addChartTitle(m_plot, tr("Simulated serving"));
    addChartNote(m_plot);
    setChartNote(m_plot, tr("Add serving configs (examples/serving has four), choose the users and press Run."));
    followPalette(m_plot);
    new ChartNavigation(m_plot, Qt::Horizontal);
}

QStringList SimulationPanel::configFiles() const
{
    QStringList files;
    for (int i = 0; i < m_configs->count(); ++i)
        files << m_configs->item(i)->text();
    return files;
}

void SimulationPanel::setConfigFiles(const QStringList& files)
{
    m_configs->clear();
    m_configs->addItems(files);
}

bool SimulationPanel::configure(const QString& users, const QString& duration, const QString& ttft, QString* error)
{
    m_users->setText(users);
    m_duration->setText(duration);
    m_ttft->setText(ttft);
    core::UserLoad load;
    core::UserTiming timing;
    core::ServiceObjectives objectives;
    const bool ok = readFields(load, timing, objectives);
    if (!ok && error)
        *error = m_problem->text();
    return ok;
}

bool SimulationPanel::readFields(core::UserLoad& load, core::UserTiming& timing, core::ServiceObjectives& objectives)
{
    auto parsed = core::parseUserLoad(m_users->text().trimmed().toStdString());
    const auto duration = core::parseDuration(m_duration->text().trimmed().toStdString());
    const auto ttft = core::parseDuration(m_ttft->text().trimmed().toStdString());
    QString problem;
    if (!parsed)
        problem = QString::fromStdString(parsed.message());
    else if (!duration || !(*duration > 0) || !std::isfinite(*duration))
        problem = tr("'%1' is not a duration (30m, 2h)").arg(m_duration->text());
    else if (!ttft || !(*ttft > 0))
        problem = tr("'%1' is not a TTFT objective in seconds").arg(m_ttft->text());
    m_problem->setText(problem);
    if (!problem.isEmpty())
        return false;
    load = *parsed;
    load.durationSeconds = *duration;
    // As kvscope-cli simulate's defaults: the traces' pace with waits up to 5 minutes, a shared
    // warm prefix, agents stopped at a 128k context.
    timing = core::UserTiming {};
    timing.maxDelaySeconds = 300;
    timing.warmPrefixShare = 0.5;
    timing.maxContextTokens = 128000;
    objectives = core::ServiceObjectives {};
    objectives.ttftSeconds = *ttft;
    return true;
}

void SimulationPanel::setStoredRuns(const QList<qint64>& ids, const QStringList& descriptions)
{
    m_stored->clear();
    for (qsizetype i = 0; i < ids.size() && i < descriptions.size(); ++i) {
        auto* item = new QListWidgetItem(descriptions[i], m_stored);
        item->setData(Qt::UserRole, ids[i]);
    }
    m_stored->scrollToBottom();
}

QList<qint64> SimulationPanel::selectedStoredRuns() const
{
    QList<qint64> ids;
    for (int i = 0; i < m_stored->count(); ++i)
        if (m_stored->item(i)->isSelected())
            ids << m_stored->item(i)->data(Qt::UserRole).toLongLong();
    return ids;
}

bool SimulationPanel::selectedRowsOnly() const
{
    return m_selectionOnly->isChecked();
}

void SimulationPanel::setRunning(bool running)
{
    m_run->setEnabled(!running);
}

void SimulationPanel::show(SimulationResultsPtr results, const core::ServiceObjectives& objectives)
{
    m_results = std::move(results);
    m_plot->clearGraphs();
    m_plot->clearItems();
    QStringList lines;
    double end = 1, users = 1;
    if (m_results) {
        for (std::size_t i = 0; i < m_results->size(); ++i) {
            const core::SimResult& r = (*m_results)[i];
            const QColor colour = kRunColours[i % std::size(kRunColours)];
            QCPGraph* ttft = m_plot->addGraph();
            ttft->setName(QString::fromStdString(r.config));
            ttft->setPen(QPen(colour, 2));
            ttft->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, colour, 5));
            QCPGraph* count = m_plot->addGraph(m_plot->xAxis, m_plot->yAxis2);
            count->setName(tr("%1: users").arg(QString::fromStdString(r.config)));
            count->setPen(QPen(colour, 1, Qt::DashLine));
            count->setLineStyle(QCPGraph::lsStepLeft);
            count->removeFromLegend();
            QVector<double> x, y, ux, uy;
            for (const core::SimPeriod& p : r.periods) {
                x << p.end;
                y << std::clamp(p.ttftAtObjective, 0.01, 1000.0);
                ux << p.start;
                uy << p.users;
                end = std::max(end, p.end);
                users = std::max(users, double(p.users));
            }
            ttft->setData(x, y, true);
            count->setData(ux, uy, true);
            const core::SimSummary s = core::summarizeRun(r);
            double lower = 0;
            for (std::size_t t = 1; t < core::kMaxServingTiers; ++t)
                lower += s.hitShare[t];
            lines << tr("%1 holds %2 users%3; prompts %4% from HBM, %5% from lower tiers, %6% computed.")
                         .arg(QString::fromStdString(r.config))
                         .arg(r.maxUsersHeld)
                         .arg(r.fallOffUsers ? tr(", falls off at %1").arg(r.fallOffUsers) : tr(" and never falls off"))
                         .arg(100.0 * s.hitShare[0], 0, 'f', 1)
                         .arg(100.0 * lower, 0, 'f', 1)
                         .arg(100.0 * s.computedShare, 0, 'f', 1);
        }
        auto* objective = new QCPItemStraightLine(m_plot);
        objective->point1->setCoords(0, objectives.ttftSeconds);
        objective->point2->setCoords(1, objectives.ttftSeconds);
        objective->setPen(QPen(QColor(0xd6, 0x27, 0x28), 1, Qt::DotLine));
    }
    m_summary = lines.join(QLatin1Char(' '));
    setChartNote(m_plot, m_summary);
    m_plot->xAxis->setRange(0, end);
    m_plot->yAxis2->setRange(0, users * 1.1);
    setChartTitle(m_plot,
        m_results ? tr("Simulated serving: %n config(s), objective TTFT p%1 <= %2 s", nullptr, int(m_results->size()))
                        .arg(objectives.ttftPercentile, 0, 'f', 0)
                        .arg(objectives.ttftSeconds)
                  : tr("Simulated serving"));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace kv::views

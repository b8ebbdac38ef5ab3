// SPDX-License-Identifier: Apache-2.0
#include "widgets/fleet_chart.h"

#include "kv/core/access_profile.h"
#include "widgets/axis_format.h"
#include "widgets/chart_navigation.h"
#include "widgets/chart_theme.h"
#include "widgets/chart_title.h"
#include "widgets/palette.h"
#include "widgets/side_axis_rect.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace kv::views {

namespace {
constexpr int kNamedRows = 40; // more sessions than this are numbered, not named, on the axis

QString shortName(const std::string& name)
{
    const QString n = QString::fromStdString(name);
    return n.size() > 28 ? n.left(27) + QChar(0x2026) : n;
}
} // namespace

FleetChart::FleetChart(QWidget* parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
    , m_mode(new QComboBox(this))
    , m_value(new QLineEdit(this))
    , m_seed(new QSpinBox(this))
    , m_problem(new QLabel(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("Sessions start"), this));
    m_mode->addItem(tr("as recorded"), QStringLiteral("recorded"));
    m_mode->addItem(tr("at random within"), QStringLiteral("window"));
    m_mode->addItem(tr("arriving at a rate of"), QStringLiteral("rate"));
    m_mode->setToolTip(tr("Applies to every view of a multi-row selection. Hash traces all start at 0 as "
                          "recorded; agent logs keep their wall-clock times."));
    row->addWidget(m_mode);
    m_value->setMaximumWidth(90);
    m_value->setToolTip(tr("A window such as 30m, 2h or 1d; a rate such as 30/h, 2/min"));
    row->addWidget(m_value);
    row->addWidget(new QLabel(tr("Seed"), this));
    m_seed->setRange(1, 1000000000);
    row->addWidget(m_seed);
    row->addWidget(m_problem);
    row->addStretch(1);
    layout->addLayout(row);
    layout->addWidget(m_plot, 1);

    // Timeline on the left (the main axis rect, with the mouse); hit rates per session on the right,
    // row for row.
    QCPAxisRect* timeline = m_plot->axisRect();
    m_hitRect = addSideAxisRect(m_plot, 3, 1);
    auto* rowsAlign = new QCPMarginGroup(m_plot);
    timeline->setMarginGroup(QCP::msTop | QCP::msBottom, rowsAlign);
    m_hitRect->setMarginGroup(QCP::msTop | QCP::msBottom, rowsAlign);

    // A Gantt row per session: an invisible bar up to its start, the visible one stacked on it.
    auto* offset = new QCPBars(m_plot->yAxis, m_plot->xAxis);
    offset->setName(tr("start")); // named for the CSV export; not in the legend
    offset->setPen(Qt::NoPen);
    offset->setBrush(Qt::NoBrush);
    offset->setWidth(0.5);
    offset->removeFromLegend();
    auto* span = new QCPBars(m_plot->yAxis, m_plot->xAxis);
    span->setName(tr("first to last request"));
    span->setPen(Qt::NoPen);
    span->setBrush(QColor(0x9e, 0x9e, 0x9e, 120));
    span->setWidth(0.5);
    span->moveAbove(offset);
    QCPGraph* requests = m_plot->addGraph();
    requests->setName(tr("requests"));
    requests->setLineStyle(QCPGraph::lsNone);
    requests->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, palette::output(), 4));
    m_plot->xAxis->setTicker(clockTicker());
    m_plot->xAxis->setLabel(tr("time since the fleet's first request"));
    m_plot->yAxis->setRangeReversed(true); // first session on top
    m_plot->yAxis->grid()->setVisible(false);

    QCPAxis* hitKey = m_hitRect->axis(QCPAxis::atLeft);
    QCPAxis* hitValue = m_hitRect->axis(QCPAxis::atBottom);
    hitKey->setRangeReversed(true);
    hitKey->setTickLabels(false);
    hitKey->grid()->setVisible(false);
    hitValue->setRange(0, 100);
    hitValue->setLabel(tr("hit rate (%)"));
    auto* group = new QCPBarsGroup(m_plot);
    for (const auto& [name, color] : { std::pair { "in a cache of its own", palette::hit() },
             std::pair { "in the shared cache", palette::hitRate() } }) {
        auto* bars = new QCPBars(hitKey, hitValue);
        bars->setName(tr(name));
        bars->setPen(Qt::NoPen);
        bars->setBrush(color);
        bars->setWidth(0.38);
        bars->setBarsGroup(group);
    }
    // One legend row under both rects: inside either it would hide a session's row.
    m_plot->legend->setVisible(true);
    m_plot->axisRect()->insetLayout()->take(m_plot->legend);
    m_plot->legend->setFillOrder(QCPLegend::foColumnsFirst);
    m_plot->plotLayout()->addElement(1, 0, m_plot->legend);
    m_plot->plotLayout()->setRowStretchFactor(1, 0.001);
    addChartTitle(m_plot, tr("Fleet"));
    addChartNote(m_plot);
    followPalette(m_plot);
    m_navigation = new ChartNavigation(m_plot, Qt::Horizontal, [this](QPoint pixel) {
        const long member = std::lround(m_plot->yAxis->pixelToCoord(pixel.y()));
        if (member < 0 || std::size_t(member) >= m_inFleet.size() || std::size_t(member) >= m_alone.size())
            return QString();
        const auto* offsets = static_cast<QCPBars*>(m_plot->plottable(0));
        const auto* spans = static_cast<QCPBars*>(m_plot->plottable(1));
        const double start = offsets->data()->at(int(member))->value;
        const double end = start + spans->data()->at(int(member))->value;
        return tr("%1\nfrom %2 to %3\nhit rate in a cache of its own %4%, in the shared cache %5%")
            .arg(m_names.value(int(member)), formatClock(start), formatClock(end))
            .arg(100.0 * m_alone[std::size_t(member)].hitRate(), 0, 'f', 1)
            .arg(100.0 * m_inFleet[std::size_t(member)].hitRate(), 0, 'f', 1);
    });

    const QSettings settings;
    setTiming(settings.value(QStringLiteral("fleet/timing"), QStringLiteral("recorded")).toString(),
        settings.value(QStringLiteral("fleet/seed"), 1).toULongLong());
    connect(m_mode, &QComboBox::currentIndexChanged, this, [this] {
        if (m_mode->currentIndex() != int(m_timing.mode)) // a value that suits the new mode
            m_value->setText(
                m_mode->currentData() == QLatin1String("rate") ? QStringLiteral("30/h") : QStringLiteral("2h"));
        applyControls();
    });
    connect(m_value, &QLineEdit::editingFinished, this, &FleetChart::applyControls);
    connect(m_seed, &QSpinBox::editingFinished, this, &FleetChart::applyControls);
}

bool FleetChart::setTiming(const QString& text, std::uint64_t seed)
{
    auto parsed = core::parseFleetTiming(text.toStdString(), seed);
    if (!parsed)
        return false;
    const bool changed = parsed->mode != m_timing.mode || parsed->windowSeconds != m_timing.windowSeconds
        || parsed->perHour != m_timing.perHour || parsed->seed != m_timing.seed;
    m_timing = *parsed;
    syncControls();
    if (changed)
        emit timingChanged(m_timing);
    return true;
}

void FleetChart::syncControls()
{
    const QSignalBlocker quietMode(m_mode), quietValue(m_value), quietSeed(m_seed);
    m_mode->setCurrentIndex(int(m_timing.mode));
    m_value->setEnabled(m_timing.mode != core::FleetTiming::Mode::AsRecorded);
    if (m_timing.mode == core::FleetTiming::Mode::Window)
        m_value->setText(formatTtl(m_timing.windowSeconds).remove(QLatin1Char(' ')));
    else if (m_timing.mode == core::FleetTiming::Mode::Rate)
        m_value->setText(QStringLiteral("%1/h").arg(m_timing.perHour));
    m_seed->setValue(int(std::min<std::uint64_t>(m_timing.seed, 1000000000)));
    m_seed->setEnabled(m_timing.mode != core::FleetTiming::Mode::AsRecorded);
    m_problem->clear();
}

void FleetChart::applyControls()
{
    const QString mode = m_mode->currentData().toString();
    const QString text = mode == QLatin1String("recorded") ? mode : mode + QLatin1Char('=') + m_value->text().trimmed();
    if (!core::parseFleetTiming(text.toStdString(), std::uint64_t(m_seed->value()))) {
        m_problem->setText(
            tr("'%1' is not a %2")
                .arg(m_value->text(),
                    mode == QLatin1String("rate") ? tr("rate (30/h, 2/min)") : tr("duration (30m, 2h, 1d)")));
        return;
    }
    QSettings settings;
    settings.setValue(QStringLiteral("fleet/timing"), text);
    settings.setValue(QStringLiteral("fleet/seed"), m_seed->value());
    setTiming(text, std::uint64_t(m_seed->value()));
}

void FleetChart::show(const core::SessionAnalysis* fleet, const std::vector<const core::SessionAnalysis*>& alone,
    const core::CachePolicy& policy)
{
    const bool ok = fleet && fleet->profile && fleet->fleet && alone.size() == fleet->fleet->members.size();
    m_inFleet.clear();
    m_alone.clear();
    QVector<double> starts, lengths, requestKeys, requestValues, rows, aloneRates, fleetRates;
    QStringList names;
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    if (ok) {
        const core::FleetLayout& layout = *fleet->fleet;
        m_inFleet = core::fleetMemberHits(*fleet, layout, policy);
        for (const core::SessionAnalysis* a : alone) {
            const core::ReplayTotals t = a && a->profile ? a->profile->evaluate(policy).totals : core::ReplayTotals {};
            m_alone.push_back({ t.inputTokens, t.hitTokens });
        }
        const bool named = layout.members.size() <= std::size_t(kNamedRows);
        for (std::size_t i = 0; i < layout.members.size(); ++i) {
            const core::FleetMember& m = layout.members[i];
            const double y = double(i);
            starts << m.start;
            lengths << m.end - m.start;
            rows << y;
            aloneRates << 100.0 * m_alone[i].hitRate();
            fleetRates << 100.0 * m_inFleet[i].hitRate();
            names << QString::fromStdString(m.name);
            if (named)
                ticker->addTick(y, shortName(m.name));
        }
        if (!named)
            for (std::size_t i = 0; i < layout.members.size();
                 i += std::max<std::size_t>(1, layout.members.size() / 20))
                ticker->addTick(double(i), QString::number(i + 1));
        for (std::size_t j = 0; j < fleet->requestTimes.size() && j < fleet->sourceRequest.size(); ++j) {
            const int member = core::fleetMemberOf(layout, fleet->sourceRequest[j]);
            if (member < 0)
                continue;
            requestKeys << fleet->requestTimes[j];
            requestValues << double(member);
        }
        m_summary = QString::fromStdString(core::describeFleet(layout, m_inFleet, m_alone))
            + tr(" The other tabs show this fleet as one cache: working set, capacity, tiers, costs.");
    } else {
        m_summary = tr("Select two sessions or more (Ctrl+click, Shift+click, or Ctrl+A in the table) to replay "
                       "them as a fleet in one shared cache; choose above how they start.");
    }
    m_names = names;
    setChartNote(m_plot, m_summary);
    static_cast<QCPBars*>(m_plot->plottable(0))->setData(rows, starts, true);
    static_cast<QCPBars*>(m_plot->plottable(1))->setData(rows, lengths, true);
    m_plot->graph(0)->setData(requestKeys, requestValues, true); // replay order: by time
    static_cast<QCPBars*>(m_plot->plottable(3))->setData(rows, aloneRates, true);
    static_cast<QCPBars*>(m_plot->plottable(4))->setData(rows, fleetRates, true);
    // The rates written at the bars' ends while the rows have room for them.
    m_plot->clearItems();
    if (rows.size() <= kNamedRows) {
        for (int i = 0; i < rows.size(); ++i) {
            for (const auto& [rate, shift] :
                { std::pair { aloneRates[i], -0.19 }, std::pair { fleetRates[i], 0.19 } }) {
                auto* label = new QCPItemText(m_plot);
                label->setClipAxisRect(m_hitRect);
                label->position->setAxes(m_hitRect->axis(QCPAxis::atBottom), m_hitRect->axis(QCPAxis::atLeft));
                label->position->setCoords(std::min(rate, 99.0), rows[i] + shift);
                label->setPositionAlignment(Qt::AlignRight | Qt::AlignVCenter);
                label->setColor(Qt::white);
                label->setText(QStringLiteral("%1%").arg(rate, 0, 'f', 1));
            }
        }
    }
    const double n = std::max(1.0, double(rows.size()));
    m_plot->yAxis->setTicker(ticker);
    m_plot->yAxis->setRange(-0.6, n - 0.4);
    m_hitRect->axis(QCPAxis::atLeft)->setRange(-0.6, n - 0.4);
    double end = 1;
    for (int i = 0; i < starts.size(); ++i)
        end = std::max(end, starts[i] + lengths[i]);
    m_plot->xAxis->setRange(0, end * 1.02);
    m_navigation->setHome();
    setChartTitle(m_plot,
        ok ? tr("Fleet: %1 sessions, %2, %3")
                 .arg(rows.size())
                 .arg(QString::fromStdString(core::describeFleetTiming(fleet->fleet->timing)),
                     formatPolicy(policy.ttl, policy.capacityBlocks, fleet->blockSize))
           : tr("Fleet"));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace kv::views

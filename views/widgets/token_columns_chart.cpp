// SPDX-License-Identifier: Apache-2.0
#include "widgets/token_columns_chart.h"

#include "kv/core/series_lod.h"
#include "widgets/axis_format.h"
#include "widgets/chart_navigation.h"
#include "widgets/chart_theme.h"
#include "widgets/chart_title.h"
#include "widgets/column_lod.h"
#include "widgets/palette.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLocale>
#include <QMouseEvent>
#include <QToolTip>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <cmath>

namespace kv::views {

TokenColumnsChart::TokenColumnsChart(QWidget* parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_provider = new QCheckBox(
        tr("Show what the provider reported it served (agent logs): cacheable tokens it charged in full stand out"),
        this);
    m_byTime = new QCheckBox(tr("Place columns by time"), this);
    auto* options = new QHBoxLayout;
    options->addWidget(m_provider);
    options->addWidget(m_byTime);
    options->addStretch(1);
    layout->addLayout(options);
    connect(m_byTime, &QCheckBox::toggled, this, [this] { show(m_session, m_policy); });
    layout->addWidget(m_plot);
    connect(m_provider, &QCheckBox::toggled, this, [this] { show(m_session, m_policy); });
    m_hit = addColumnLayer(m_plot, tr("served from cache"), palette::hit(), nullptr);
    m_missed = addColumnLayer(m_plot, tr("cacheable, missed"), palette::missedCacheable(), m_hit);
    m_fresh = addColumnLayer(m_plot, tr("new"), palette::fresh(), m_missed);
    m_output = addColumnLayer(m_plot, tr("output"), palette::output(), m_fresh);
    m_turns = m_plot->addGraph();
    m_turns->setName(tr("a person's turn starts"));
    m_turns->setLineStyle(QCPGraph::lsNone);
    m_turns->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, QColor(0xe0, 0x6c, 0x3c), 7));
    // Context resets as impulses from the axis up past the top: one graph draws hundreds of them
    // in the time hundreds of line items take to draw a few (bench_charts).
    m_resets = m_plot->addGraph();
    m_resets->setName(tr("context reset (compaction or rewind)"));
    m_resets->setLineStyle(QCPGraph::lsImpulse);
    m_resets->setPen(QPen(QColor(0x8e, 0x6c, 0xc0), 1, Qt::DashLine));
    m_plot->addLayer(QStringLiteral("markers"), m_plot->layer(QStringLiteral("main")), QCustomPlot::limAbove);
    m_resets->setLayer(QStringLiteral("markers")); // over the columns, whatever order they were made in
    m_limitLine = new QCPItemStraightLine(m_plot);
    m_limitLine->setPen(QPen(QColor(0xc4, 0x4e, 0x52), 1.5, Qt::DashDotLine));
    m_limitLine->point1->setType(QCPItemPosition::ptPlotCoords);
    m_limitLabel = new QCPItemText(m_plot);
    m_limitLabel->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
    m_limitLabel->position->setTypeY(QCPItemPosition::ptPlotCoords);
    m_limitLabel->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);
    m_limitLabel->setColor(QColor(0xc4, 0x4e, 0x52));
    m_limitLine->setVisible(false);
    m_limitLabel->setVisible(false);
    m_plot->xAxis->setLabel(tr("request (replay order)"));
    m_plot->yAxis->setLabel(tr("tokens"));
    m_plot->yAxis->setTicker(tokenTicker());
    m_plot->legend->setVisible(true);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    addChartTitle(m_plot, tr("Token columns"));
    followPalette(m_plot);
    // Hover for a request's numbers, click to inspect it; zoom and pan along the requests.
    m_navigation = new ChartNavigation(m_plot, Qt::Horizontal, [this](QPoint pixel) {
        const int j = requestAt(pixel.x());
        return j < 0 ? QString() : describe(std::size_t(j));
    });
    connect(m_plot, &QCustomPlot::mousePress, this, [this](QMouseEvent* e) {
        if (const int j = requestAt(e->pos().x()); j >= 0)
            emit requestClicked(j);
    });
    connect(m_plot->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this] { redraw(); });
}

QString TokenColumnsChart::describe(std::size_t j) const
{
    const core::TokenColumn& c = m_columns[j];
    const QLocale l;
    const std::uint64_t input = c.hit + c.missedCacheable + c.fresh;
    QString text = tr("request %1 at %2").arg(j).arg(formatClock(m_session->requestTimes[j]));
    if (j < m_session->requestAgent.size() && m_session->requestAgent[j] < m_session->agentLabels.size())
        text += tr(", %1").arg(QString::fromStdString(m_session->agentLabels[m_session->requestAgent[j]]));
    text += tr("\nprompt %1 tokens, hit rate %2%")
                .arg(l.toString(qulonglong(input)))
                .arg(input ? 100.0 * double(c.hit) / double(input) : 0.0, 0, 'f', 1);
    text += tr("\n%1 %2\n%3 %4\nnew %5\noutput %6")
                .arg(m_hit->name(), l.toString(qulonglong(c.hit)), m_missed->name(),
                    l.toString(qulonglong(c.missedCacheable)), l.toString(qulonglong(c.fresh)),
                    l.toString(qulonglong(c.output)));
    if (j < m_session->humanTurn.size() && m_session->humanTurn[j])
        text += tr("\na person's turn starts here");
    if (j < m_session->contextReset.size() && m_session->contextReset[j])
        text += tr("\nthe context was reset (compaction or rewind)");
    if (m_folded)
        text += tr("\n(columns are folded to fit the pixels: each shows its pixel's tallest; zoom in for all)");
    return text;
}

double TokenColumnsChart::xOf(std::size_t j) const
{
    return m_byTime->isChecked() && m_session ? m_session->requestTimes[j] : double(j);
}

int TokenColumnsChart::requestAt(double pixelX) const
{
    // The column whose centre is nearest, if the pointer is on it.
    const double key = m_plot->xAxis->pixelToCoord(pixelX);
    int best = -1;
    double bestDistance = 0;
    for (std::uint32_t j : m_drawn) {
        const double d = std::abs(m_x[j] - key);
        if (best < 0 || d < bestDistance)
            best = int(j), bestDistance = d;
    }
    return best >= 0 && bestDistance <= m_hit->width() / 2 ? best : -1;
}

void TokenColumnsChart::show(const core::SessionAnalysis* session, const core::CachePolicy& policy)
{
    m_session = session;
    m_policy = policy;
    const bool provider = session && session->hasReportedUsage && m_provider->isChecked();
    m_provider->setEnabled(session && session->hasReportedUsage);
    m_columns = session
        ? core::tokenColumns(*session, policy, provider ? core::ColumnSource::Provider : core::ColumnSource::Model)
        : std::vector<core::TokenColumn> {};
    m_hit->setName(provider ? tr("provider cache read") : tr("served from cache"));
    m_missed->setName(provider ? tr("cacheable, paid in full") : tr("cacheable, missed"));
    m_x.clear();
    m_totals.clear();
    std::uint64_t hits = 0, inputs = 0;
    double top = 1;
    for (std::size_t j = 0; j < m_columns.size(); ++j) {
        const core::TokenColumn& c = m_columns[j];
        m_x.push_back(xOf(j));
        m_totals.push_back(double(c.hit + c.missedCacheable + c.fresh + c.output));
        hits += c.hit;
        inputs += c.hit + c.missedCacheable + c.fresh;
        top = std::max(top, m_totals.back());
    }
    m_hitRate = inputs ? double(hits) / double(inputs) : 0.0;
    // Dots below the axis where a person's turn starts; dashed lines where the context was reset
    // (a compaction or a rewind dropped over 10% of the agent's previous prompt).
    m_turnX.clear();
    m_resetX.clear();
    for (std::size_t j = 0; session && j < m_columns.size(); ++j) {
        if (j < session->humanTurn.size() && session->humanTurn[j])
            m_turnX.push_back(m_x[j]);
        if (j < session->contextReset.size() && session->contextReset[j])
            m_resetX.push_back(j > 0 ? (m_x[j - 1] + m_x[j]) / 2 : m_x[j]);
    }
    m_markerY = -top * 0.025;
    // The model's context window, when the chart can show it without crushing the columns.
    const std::uint64_t limit = session ? session->contextLimit : 0;
    const bool limitShown = limit && double(limit) <= top * 1.6;
    if (limitShown)
        top = std::max(top, double(limit));
    m_limitLine->setVisible(limitShown);
    m_limitLabel->setVisible(limit > 0);
    m_limitLine->point1->setCoords(0, double(limit));
    m_limitLine->point2->setCoords(1, double(limit));
    if (limitShown) {
        m_limitLabel->position->setTypeY(QCPItemPosition::ptPlotCoords);
        m_limitLabel->position->setCoords(0.995, double(limit));
        m_limitLabel->setText(tr("context limit %1 tokens").arg(formatTokens(double(limit))));
    } else { // far above the columns: say so rather than crush them
        m_limitLabel->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
        m_limitLabel->position->setCoords(0.995, 0.06);
        m_limitLabel->setText(tr("context limit %1 tokens (above the chart)").arg(formatTokens(double(limit))));
    }
    m_resetTop = top * 1.2;
    // By index each column is 0.85 wide; by time, a fixed share of the session's span.
    const bool byTime = m_byTime->isChecked() && session && !m_columns.empty();
    const double span = byTime ? std::max(1.0, xOf(m_columns.size() - 1)) : double(m_columns.size());
    m_columnWidth = byTime ? span / 300.0 : 0.85;
    if (byTime) {
        m_plot->xAxis->setTicker(clockTicker());
    } else {
        auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();
        ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
        m_plot->xAxis->setTicker(ticker);
    }
    m_plot->xAxis->setLabel(byTime ? tr("time since the first request (h:mm:ss)") : tr("request (replay order)"));
    m_plot->yAxis->setRange(-top * 0.05, top * 1.08);
    {
        const QSignalBlocker quiet(m_plot->xAxis); // one redraw below, not one per range change
        m_plot->xAxis->setRange(byTime ? -m_columnWidth : -1, std::max<double>(1, span + (byTime ? m_columnWidth : 0)));
    }
    m_navigation->setHome();
    redraw();
    setChartTitle(m_plot,
        session ? tr("Token columns: %1, hit rate %2%")
                      .arg(QString::fromStdString(session->name))
                      .arg(m_hitRate * 100.0, 0, 'f', 1)
                : tr("Token columns"));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void TokenColumnsChart::redraw()
{
    const ColumnWindow w = visibleColumns(m_plot, m_x, m_totals, m_columnWidth);
    m_drawn = w.drawn;
    const auto visible
        = std::upper_bound(m_x.begin(), m_x.end(), w.upper) - std::lower_bound(m_x.begin(), m_x.end(), w.lower);
    m_folded = std::ptrdiff_t(m_drawn.size()) < visible;
    QCPBars* const layers[] = { m_hit, m_missed, m_fresh, m_output };
    setStackedColumns(layers, m_x, w, [this](std::uint32_t j, std::size_t k) {
        const core::TokenColumn& c = m_columns[j];
        const std::uint64_t parts[] = { c.hit, c.missedCacheable, c.fresh, c.output };
        return double(parts[k]);
    });
    // Markers: at most one per column of pixels, like the columns.
    auto markers = [&](const std::vector<double>& at, double y, QCPGraph* graph) {
        const std::vector<double> ones(at.size(), 1.0);
        QVector<double> mx, my;
        for (std::uint32_t i : core::reduceColumns(at, ones, w.lower, w.upper, w.buckets)) {
            mx << at[i];
            my << y;
        }
        graph->setData(mx, my, true);
    };
    markers(m_turnX, m_markerY, m_turns);
    markers(m_resetX, m_resetTop, m_resets);
}

} // namespace kv::views

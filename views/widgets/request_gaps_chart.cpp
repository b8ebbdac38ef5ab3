// SPDX-License-Identifier: Apache-2.0
#include "widgets/request_gaps_chart.h"

#include "kv/core/summary_stats.h"
#include "widgets/axis_format.h"
#include "widgets/chart_navigation.h"
#include "widgets/chart_theme.h"
#include "widgets/chart_title.h"

#include <QVBoxLayout>
#include <qcustomplot.h>

#include <cmath>

namespace kv::views {

namespace {
constexpr double kLo = 0.1, kHi = 86400.0;
constexpr int kBins = 40;
const QColor kTool(0x3b, 0x7d, 0xd8);
const QColor kHuman(0xe0, 0x6c, 0x3c);
} // namespace

RequestGapsChart::RequestGapsChart(QWidget* parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
    , m_ttl(new QCPItemStraightLine(m_plot))
    , m_toolMedian(new QCPItemStraightLine(m_plot))
    , m_humanMedian(new QCPItemStraightLine(m_plot))
    , m_toolMean(new QCPItemStraightLine(m_plot))
    , m_humanMean(new QCPItemStraightLine(m_plot))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    m_plot->xAxis->setScaleType(QCPAxis::stLogarithmic);
    m_plot->xAxis->setTicker(labelledTicker({ { 0.1, "0.1 s" }, { 1, "1 s" }, { 10, "10 s" }, { 60, "1 min" },
        { 300, "5 min" }, { 3600, "1 h" }, { 86400, "24 h" } }));
    m_plot->xAxis->setRange(kLo, kHi);
    m_plot->xAxis->setLabel(tr("time between consecutive requests of an agent"));
    m_plot->yAxis->setLabel(tr("requests"));
    auto counts = QSharedPointer<QCPAxisTickerFixed>::create(); // whole requests: 1, 2, 5, 10... steps
    counts->setTickStep(1);
    counts->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    m_plot->yAxis->setTicker(counts);
    auto bars = [this](const QString& name, const QColor& c) {
        auto* b = new QCPBars(m_plot->xAxis, m_plot->yAxis);
        b->setName(name);
        b->setPen(Qt::NoPen);
        b->setBrush(c);
        b->setWidthType(QCPBars::wtAxisRectRatio);
        b->setWidth(0.8 / kBins);
        return b;
    };
    auto* tool = bars(tr("waiting for a tool (dashed: median, dotted: mean)"), kTool);
    auto* human = bars(tr("waiting for a person, turn ended"), kHuman);
    human->moveAbove(tool);
    m_ttl->setPen(QPen(QColor(0x2c, 0xa0, 0x2c), 2));
    m_toolMedian->setPen(QPen(kTool, 1.5, Qt::DashLine));
    m_humanMedian->setPen(QPen(kHuman, 1.5, Qt::DashLine));
    m_toolMean->setPen(QPen(kTool, 1.5, Qt::DotLine));
    m_humanMean->setPen(QPen(kHuman, 1.5, Qt::DotLine));
    m_plot->legend->setVisible(true);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    addChartTitle(m_plot, tr("Request gaps"));
    followPalette(m_plot);
    new ChartNavigation(m_plot, Qt::Horizontal, [this](QPoint pixel) {
        const double x = m_plot->xAxis->pixelToCoord(pixel.x());
        const auto it = std::upper_bound(m_edges.begin(), m_edges.end(), x);
        if (it == m_edges.begin() || it == m_edges.end())
            return QString();
        const int bin = int(it - m_edges.begin()) - 1;
        const auto* toolBars = static_cast<QCPBars*>(m_plot->plottable(0));
        const auto* humanBars = static_cast<QCPBars*>(m_plot->plottable(1));
        return tr("gaps of %1 to %2\nwaiting for a tool: %3\nwaiting for a person: %4\n%5")
            .arg(formatTtl(m_edges[std::size_t(bin)]), formatTtl(m_edges[std::size_t(bin) + 1]))
            .arg(toolBars->data()->at(bin)->value)
            .arg(humanBars->data()->at(bin)->value)
            .arg(m_summary);
    });
}

void RequestGapsChart::show(const core::SessionAnalysis* session, double ttl)
{
    const std::vector<double> none;
    const auto& tool = session ? session->gaps.toolLoop : none;
    const auto& human = session ? session->gaps.human : none;
    const core::LogHistogram ht = core::logHistogram(tool, kLo, kHi, kBins);
    const core::LogHistogram hh = core::logHistogram(human, kLo, kHi, kBins);
    QVector<double> x, yt, yh;
    m_edges = ht.edges;
    double top = 1;
    for (int i = 0; i < kBins; ++i) {
        x << std::sqrt(ht.edges[std::size_t(i)] * ht.edges[std::size_t(i) + 1]); // bin centre on a log axis
        yt << double(ht.counts[std::size_t(i)]);
        yh << double(hh.counts[std::size_t(i)]);
        top = std::max(top, yt.back() + yh.back());
    }
    auto* toolBars = static_cast<QCPBars*>(m_plot->plottable(0));
    auto* humanBars = static_cast<QCPBars*>(m_plot->plottable(1));
    toolBars->setData(x, yt, true);
    humanBars->setData(x, yh, true);
    m_plot->yAxis->setRange(0, top * 1.5); // room for the legend above the tallest bar
    auto place = [](QCPItemStraightLine* line, double v) {
        line->setVisible(v > 0 && std::isfinite(v));
        line->point1->setCoords(v, 0);
        line->point2->setCoords(v, 1);
    };
    place(m_ttl, ttl);
    const auto toolStats = core::summarize(tool), humanStats = core::summarize(human);
    place(m_toolMedian, toolStats.median);
    place(m_humanMedian, humanStats.median);
    place(m_toolMean, toolStats.mean);
    place(m_humanMean, humanStats.mean);
    m_summary = tr("tool gaps: median %1, mean %2\na person's gaps: median %3, mean %4")
                    .arg(formatTtl(toolStats.median), formatTtl(toolStats.mean), formatTtl(humanStats.median),
                        formatTtl(humanStats.mean));
    std::size_t lost = 0;
    for (double g : tool)
        lost += g > ttl;
    for (double g : human)
        lost += g > ttl;
    setChartTitle(m_plot, tr("Request gaps: %1 of %2 beyond the TTL").arg(lost).arg(tool.size() + human.size()));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace kv::views

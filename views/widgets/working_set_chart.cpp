// SPDX-License-Identifier: Apache-2.0
#include "widgets/working_set_chart.h"

#include "kv/core/access_profile.h"
#include "kv/core/series_lod.h"
#include "widgets/axis_format.h"
#include "widgets/chart_navigation.h"
#include "widgets/chart_theme.h"
#include "widgets/chart_title.h"

#include <QLocale>
#include <QVBoxLayout>
#include <qcustomplot.h>

namespace kv::views {

WorkingSetChart::WorkingSetChart(QWidget* parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    m_plot->xAxis->setLabel(tr("time since the first request (h:mm:ss)"));
    m_plot->xAxis->setTicker(clockTicker());
    m_plot->yAxis->setLabel(tr("working set (tokens)"));
    m_plot->yAxis->setTicker(tokenTicker());
    QCPGraph* inf = m_plot->addGraph();
    inf->setName(tr("no TTL"));
    inf->setLineStyle(QCPGraph::lsStepLeft);
    inf->setPen(QPen(QColor(0x7f, 0x7f, 0x7f), 1.5));
    QCPGraph* five = m_plot->addGraph();
    five->setName(tr("TTL 5 min"));
    five->setLineStyle(QCPGraph::lsStepLeft);
    five->setPen(QPen(QColor(0x2c, 0xa0, 0x2c), 2));
    five->setBrush(QColor(0x2c, 0xa0, 0x2c, 40));
    for (const auto& [name, color] : { std::pair { tr("TTL 1 min"), QColor(0xf2, 0xc1, 0x2e) },
             std::pair { tr("TTL 1 h"), QColor(0x3b, 0x7d, 0xd8) } }) {
        QCPGraph* g = m_plot->addGraph();
        g->setName(name);
        g->setLineStyle(QCPGraph::lsStepLeft);
        g->setPen(QPen(color, 1.2));
    }
    QCPGraph* whatIf = m_plot->addGraph();
    whatIf->setName(tr("what-if policy"));
    whatIf->setLineStyle(QCPGraph::lsStepLeft);
    whatIf->setPen(QPen(QColor(0x94, 0x67, 0xbd), 2, Qt::DashLine));
    // Each request's hit rate under the what-if policy, on the right axis.
    m_plot->yAxis2->setVisible(true);
    m_plot->yAxis2->setLabel(tr("hit rate of the request (%)"));
    m_plot->yAxis2->setRange(0, 105);
    QCPGraph* hit = m_plot->addGraph(m_plot->xAxis, m_plot->yAxis2);
    hit->setName(tr("hit rate, what-if policy"));
    hit->setLineStyle(QCPGraph::lsNone);
    hit->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QColor(0xd6, 0x27, 0x28), 4));
    m_plot->legend->setVisible(true);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    addChartTitle(m_plot, tr("Working set over time"));
    followPalette(m_plot);
    for (int g = 0; g < 6; ++g)
        m_widths[std::size_t(g)] = m_plot->graph(g)->pen().widthF();
    m_navigation = new ChartNavigation(m_plot, Qt::Horizontal, [this](QPoint p) { return describe(p); });
    connect(m_plot->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this] { redraw(); });
}

int WorkingSetChart::drawnPoints(int graph) const
{
    return m_plot->graph(graph)->dataCount();
}

namespace {
// Tokens resident after each request under a TTL on the profile's grid, with the drop to
// zero when the next request comes after the TTL (every block was last used at or before).
void residentSeries(const core::SessionAnalysis& s, double ttl, std::uint64_t capacityBlocks, std::vector<double>& t,
    std::vector<double>& tokens)
{
    const auto& times = s.requestTimes;
    for (std::size_t j = 0; j < times.size(); ++j) {
        t.push_back(times[j]);
        tokens.push_back(double(s.profile->workingSetBlocks(j, ttl, capacityBlocks)) * s.blockSize);
        if (j + 1 < times.size() && times[j + 1] - times[j] > ttl) {
            t.push_back(times[j] + ttl);
            tokens.push_back(0.0);
        }
    }
}
} // namespace

void WorkingSetChart::setSession(const core::SessionAnalysis* session, const core::CachePolicy& whatIf)
{
    m_session = session && session->profile ? session : nullptr;
    m_whatIf = whatIf;
    // Graphs: no TTL, 5 min, 1 min, 1 h, the what-if policy.
    const double ttls[] = { core::kInfiniteTtl, 300.0, 60.0, 3600.0, whatIf.ttl };
    double top = 1;
    for (Series& s : m_series)
        s = {};
    for (int g = 0; g < 5 && m_session; ++g) {
        Series& s = m_series[std::size_t(g)];
        residentSeries(*m_session, ttls[g], whatIf.capacityBlocks, s.x, s.y);
        for (double v : s.y)
            top = std::max(top, v);
    }
    if (m_session) {
        const core::ReplayResult r = m_session->profile->evaluate(whatIf);
        Series& s = m_series[5];
        for (std::size_t j = 0; j < m_session->requestTimes.size(); ++j) {
            const std::uint64_t in = m_session->profile->inputTokens(j);
            s.x.push_back(m_session->requestTimes[j]);
            s.y.push_back(in ? 100.0 * double(r.hitTokens[j]) / double(in) : 0.0);
        }
    }
    const double span = m_session && !m_session->requestTimes.empty() ? m_session->requestTimes.back() : 0.0;
    {
        const QSignalBlocker quiet(m_plot->xAxis);
        m_plot->xAxis->setRange(0, std::max(1.0, span));
    }
    m_plot->yAxis->setRange(0, top * 1.1);
    setChartTitle(m_plot,
        m_session ? tr("Working set over time: %1").arg(QString::fromStdString(m_session->name))
                  : tr("Working set over time"));
    m_navigation->setHome();
    redraw();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void WorkingSetChart::redraw()
{
    // At least 600 columns of detail, so exports larger than the window stay sharp.
    const int buckets = std::max(600, int(m_plot->axisRect()->width()));
    const QCPRange range = m_plot->xAxis->range();
    for (int g = 0; g < 6; ++g) {
        const Series& s = m_series[std::size_t(g)];
        QVector<double> x, y;
        for (std::uint32_t i : core::reduceLine(s.x, s.y, range.lower, range.upper, buckets)) {
            x << s.x[i];
            y << s.y[i];
        }
        // Wide pens make Qt stroke dense, self-overlapping step lines as polygons: 25x slower
        // than 1-pixel lines (bench_charts). Dense series are drawn 1 pixel wide.
        QPen pen = m_plot->graph(g)->pen();
        pen.setWidthF(x.size() > m_plot->axisRect()->width() / 3 ? 1.0 : m_widths[std::size_t(g)]);
        m_plot->graph(g)->setPen(pen);
        m_plot->graph(g)->setData(x, y, true);
    }
}

QString WorkingSetChart::describe(QPoint pixel) const
{
    if (!m_session || m_session->requestTimes.empty())
        return {};
    // The last request at or before the pointer: the working set there is what it left behind.
    const double t = m_plot->xAxis->pixelToCoord(pixel.x());
    const auto& times = m_session->requestTimes;
    auto it = std::upper_bound(times.begin(), times.end(), t);
    if (it == times.begin())
        return {};
    const std::size_t j = std::size_t(it - times.begin()) - 1;
    const core::AccessProfile& p = *m_session->profile;
    auto ws = [&](double ttl) {
        return formatTokens(double(p.workingSetBlocks(j, ttl, m_whatIf.capacityBlocks)) * m_session->blockSize);
    };
    const std::uint64_t in = p.inputTokens(j);
    const double hit = in ? 100.0 * double(p.hitTokens(j, p.hitBlocks(j, m_whatIf))) / double(in) : 0.0;
    return tr("after request %1 at %2\nworking set: no TTL %3, 1 h %4, 5 min %5, 1 min %6\nwhat-if policy (TTL %7) %8"
              "\nhit rate of the request %9%")
        .arg(j)
        .arg(formatClock(times[j]), ws(core::kInfiniteTtl), ws(3600.0), ws(300.0), ws(60.0), formatTtl(m_whatIf.ttl),
            ws(m_whatIf.ttl))
        .arg(hit, 0, 'f', 1);
}

} // namespace kv::views

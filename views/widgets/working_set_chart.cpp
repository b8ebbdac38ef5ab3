// SPDX-License-Identifier: Apache-2.0
#include "widgets/working_set_chart.h"

#include "kv/core/access_profile.h"
#include "widgets/chart_title.h"

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
    m_plot->xAxis->setLabel(tr("time since the first request (minutes)"));
    m_plot->yAxis->setLabel(tr("working set (thousand tokens)"));
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
}

namespace {
// Tokens resident after each request under a TTL on the profile's grid, with the drop to
// zero when the next request comes after the TTL (every block was last used at or before).
void residentSeries(const core::SessionAnalysis& s, double ttl, std::uint64_t capacityBlocks, QVector<double>& t,
    QVector<double>& tokens)
{
    const auto& times = s.requestTimes;
    for (std::size_t j = 0; j < times.size(); ++j) {
        t << times[j] / 60.0;
        tokens << double(s.profile->workingSetBlocks(j, ttl, capacityBlocks)) * s.blockSize / 1000.0;
        if (j + 1 < times.size() && times[j + 1] - times[j] > ttl) {
            t << (times[j] + ttl) / 60.0;
            tokens << 0.0;
        }
    }
}
} // namespace

void WorkingSetChart::setSession(const core::SessionAnalysis* session, const core::CachePolicy& whatIf)
{
    // Graphs: no TTL, 5 min, 1 min, 1 h, the what-if policy.
    const double ttls[] = { core::kInfiniteTtl, 300.0, 60.0, 3600.0, whatIf.ttl };
    for (int g = 0; g < 5; ++g) {
        QVector<double> t, tokens;
        if (session && session->profile)
            residentSeries(*session, ttls[g], whatIf.capacityBlocks, t, tokens);
        m_plot->graph(g)->setData(t, tokens, true);
    }
    QVector<double> ht, hr;
    if (session && session->profile) {
        const core::ReplayResult r = session->profile->evaluate(whatIf);
        for (std::size_t j = 0; j < session->requestTimes.size(); ++j) {
            const std::uint64_t in = session->profile->inputTokens(j);
            ht << session->requestTimes[j] / 60.0;
            hr << (in ? 100.0 * double(r.hitTokens[j]) / double(in) : 0.0);
        }
    }
    m_plot->graph(5)->setData(ht, hr, true);
    m_plot->xAxis->rescale();
    m_plot->yAxis->rescale();
    m_plot->yAxis->setRangeLower(0);
    m_plot->yAxis->setRangeUpper(m_plot->yAxis->range().upper * 1.1 + 1);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace kv::views

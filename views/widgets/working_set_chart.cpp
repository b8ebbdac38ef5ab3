// SPDX-License-Identifier: Apache-2.0
#include "widgets/working_set_chart.h"

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
    m_plot->legend->setVisible(true);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    m_plot->plotLayout()->insertRow(0);
    m_plot->plotLayout()->addElement(
        0, 0, new QCPTextElement(m_plot, tr("Working set over time"), QFont(font().family(), 11, QFont::Bold)));
}

void WorkingSetChart::setSession(const core::SessionAnalysis* session)
{
    QVector<double> t, five, tInf, inf;
    if (session) {
        const auto& times = session->requestTimes;
        for (std::size_t j = 0; j < times.size(); ++j) {
            t << times[j] / 60.0;
            five << double(session->workingSet5mTokens[j]) / 1000.0;
            tInf << times[j] / 60.0;
            inf << double(session->workingSetInfTokens[j]) / 1000.0;
            // Every block was last used at or before this request: if the next one comes more than
            // 5 minutes later, the cache is empty from 5 minutes after this request until then.
            if (j + 1 < times.size() && times[j + 1] - times[j] > 300.0) {
                t << (times[j] + 300.0) / 60.0;
                five << 0.0;
            }
        }
    }
    m_plot->graph(0)->setData(tInf, inf, true);
    m_plot->graph(1)->setData(t, five, true);
    m_plot->rescaleAxes();
    m_plot->yAxis->setRangeLower(0);
    m_plot->yAxis->setRangeUpper(m_plot->yAxis->range().upper * 1.1 + 1);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace kv::views

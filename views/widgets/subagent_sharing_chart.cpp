// SPDX-License-Identifier: Apache-2.0
#include "widgets/subagent_sharing_chart.h"

#include "widgets/chart_export.h"
#include "widgets/chart_title.h"

#include <QVBoxLayout>
#include <qcustomplot.h>

#include <algorithm>

namespace kv::views {

QColor SubagentSharingChart::agentColor(std::size_t agent)
{
    static const QColor colors[]
        = { QColor(0x9e, 0x9e, 0x9e), QColor(0x3b, 0x7d, 0xd8), QColor(0xf2, 0xc1, 0x2e), QColor(0x2c, 0xa0, 0x2c),
              QColor(0xe0, 0x6c, 0x3c), QColor(0x8e, 0x6c, 0xc0), QColor(0x17, 0xbe, 0xcf), QColor(0xc4, 0x4e, 0x52) };
    return colors[agent % std::size(colors)];
}

SubagentSharingChart::SubagentSharingChart(QWidget* parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    m_plot->xAxis->setLabel(tr("time since the first request (minutes)"));
    m_plot->legend->setVisible(true);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    addChartTitle(m_plot, tr("Sub-agent context sharing"));
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->axisRect()->setRangeZoom(Qt::Horizontal);
    m_plot->axisRect()->setRangeDrag(Qt::Horizontal);
}

void SubagentSharingChart::show(const core::SessionAnalysis* session)
{
    m_plot->clearItems();
    m_plot->clearGraphs();
    m_plot->setProperty(kOwnCsvProperty, QStringLiteral("request,agent,minutes,first_written_by,blocks\n"));
    const std::size_t agents = session ? session->agentLabels.size() : 0;
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (std::size_t a = 0; a < agents; ++a) {
        ticker->addTick(double(a), QString::fromStdString(session->agentLabels[a]));
        // A legend entry per agent colour: "first written by ...".
        QCPGraph* key = m_plot->addGraph();
        key->setName(tr("first written by %1").arg(QString::fromStdString(session->agentLabels[a])));
        key->setPen(QPen(agentColor(a), 8));
        key->setLineStyle(QCPGraph::lsNone);
        key->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssSquare, agentColor(a), agentColor(a), 9));
    }
    m_plot->yAxis->setTicker(ticker);
    m_plot->yAxis->setRange(double(agents) - 0.4, -0.6); // the main agent on top
    m_plot->yAxis->setRangeReversed(false);
    if (!session || session->requestTimes.empty()) {
        m_plot->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    QString csv = QStringLiteral("request,agent,minutes,first_written_by,blocks\n");
    const double span = std::max(1.0, session->requestTimes.back() / 60.0);
    const double width = span / 250.0; // columns of a fixed share of the axis, in minutes
    for (std::size_t j = 0; j < session->requestTimes.size(); ++j) {
        const double x = session->requestTimes[j] / 60.0;
        const double lane = double(session->requestAgent[j]);
        std::uint32_t total = 0;
        for (const auto& [agent, n] : session->blockOrigins[j])
            total += n;
        if (!total)
            continue;
        // Stack the origins inside the lane band (0.8 of a lane), the request's own agent last.
        double y = lane - 0.4;
        for (const auto& [agent, n] : session->blockOrigins[j]) {
            const double h = 0.8 * double(n) / double(total);
            auto* rect = new QCPItemRect(m_plot);
            rect->topLeft->setCoords(x - width / 2, y);
            rect->bottomRight->setCoords(x + width / 2, y + h);
            rect->setPen(Qt::NoPen);
            rect->setBrush(agentColor(agent));
            y += h;
            csv += QStringLiteral("%1,\"%2\",%3,\"%4\",%5\n")
                       .arg(j)
                       .arg(QString::fromStdString(session->agentLabels[session->requestAgent[j]]))
                       .arg(x, 0, 'g', 10)
                       .arg(QString::fromStdString(session->agentLabels[agent]))
                       .arg(n);
        }
    }
    m_plot->setProperty(kOwnCsvProperty, csv);
    m_plot->xAxis->setRange(-width, span + width);
    m_plot->yAxis->setRange(-0.6, double(agents) - 0.4);
    m_plot->yAxis->setRangeReversed(true);
    setChartTitle(m_plot, tr("Sub-agent context sharing: %1").arg(QString::fromStdString(session->name)));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace kv::views

// SPDX-License-Identifier: Apache-2.0
#include "widgets/token_columns_chart.h"

#include "widgets/chart_title.h"
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
    auto bars = [this](const QString& name, const QColor& color) {
        auto* b = new QCPBars(m_plot->xAxis, m_plot->yAxis);
        b->setName(name);
        b->setPen(Qt::NoPen);
        b->setBrush(color);
        b->setWidthType(QCPBars::wtPlotCoords);
        b->setWidth(0.85);
        return b;
    };
    m_hit = bars(tr("served from cache"), palette::hit());
    m_missed = bars(tr("cacheable, missed"), palette::missedCacheable());
    m_fresh = bars(tr("new"), palette::fresh());
    m_output = bars(tr("output"), palette::output());
    m_missed->moveAbove(m_hit);
    m_fresh->moveAbove(m_missed);
    m_output->moveAbove(m_fresh);
    m_turns = m_plot->addGraph();
    m_turns->setName(tr("a person's turn starts"));
    m_turns->setLineStyle(QCPGraph::lsNone);
    m_turns->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, QColor(0xe0, 0x6c, 0x3c), 7));
    m_plot->xAxis->setLabel(tr("request (replay order)"));
    m_plot->yAxis->setLabel(tr("tokens"));
    auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    m_plot->xAxis->setTicker(ticker);
    m_plot->legend->setVisible(true);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    addChartTitle(m_plot, tr("Token columns"));
    // Hover for a request's numbers, click to inspect it.
    connect(m_plot, &QCustomPlot::mouseMove, this, [this](QMouseEvent* e) {
        const int j = requestAt(e->pos().x());
        if (j < 0) {
            QToolTip::hideText();
            return;
        }
        const core::TokenColumn& c = m_columns[std::size_t(j)];
        const QLocale l;
        QToolTip::showText(e->globalPosition().toPoint(),
            tr("request %1\nserved from cache %2\ncacheable, missed %3\nnew %4\noutput %5")
                .arg(j)
                .arg(l.toString(qulonglong(c.hit)), l.toString(qulonglong(c.missedCacheable)),
                    l.toString(qulonglong(c.fresh)), l.toString(qulonglong(c.output))),
            m_plot);
    });
    connect(m_plot, &QCustomPlot::mousePress, this, [this](QMouseEvent* e) {
        if (const int j = requestAt(e->pos().x()); j >= 0)
            emit requestClicked(j);
    });
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->axisRect()->setRangeZoom(Qt::Horizontal);
    m_plot->axisRect()->setRangeDrag(Qt::Horizontal);
}

double TokenColumnsChart::xOf(std::size_t j) const
{
    return m_byTime->isChecked() && m_session ? m_session->requestTimes[j] / 60.0 : double(j);
}

int TokenColumnsChart::requestAt(double pixelX) const
{
    // The column whose centre is nearest, if the pointer is on it.
    const double key = m_plot->xAxis->pixelToCoord(pixelX);
    int best = -1;
    double bestDistance = 0;
    for (std::size_t j = 0; j < m_columns.size(); ++j) {
        const double d = std::abs(xOf(j) - key);
        if (best < 0 || d < bestDistance)
            best = int(j), bestDistance = d;
    }
    return best >= 0 && bestDistance < m_hit->width() / 2 ? best : -1;
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
    QVector<double> x, hit, missed, fresh, output;
    std::uint64_t hits = 0, inputs = 0;
    double top = 1;
    for (std::size_t j = 0; j < m_columns.size(); ++j) {
        const core::TokenColumn& c = m_columns[j];
        x << xOf(j);
        hit << double(c.hit);
        missed << double(c.missedCacheable);
        fresh << double(c.fresh);
        output << double(c.output);
        hits += c.hit;
        inputs += c.hit + c.missedCacheable + c.fresh;
        top = std::max(top, double(c.hit + c.missedCacheable + c.fresh + c.output));
    }
    m_hit->setData(x, hit, true);
    m_missed->setData(x, missed, true);
    m_fresh->setData(x, fresh, true);
    m_output->setData(x, output, true);
    m_hitRate = inputs ? double(hits) / double(inputs) : 0.0;
    // Dots below the axis where a person's turn starts; dashed lines where the context was reset
    // (a compaction or a rewind dropped over 10% of the agent's previous prompt).
    QVector<double> tx, ty;
    m_plot->clearItems();
    for (std::size_t j = 0; session && j < m_columns.size(); ++j) {
        if (j < session->humanTurn.size() && session->humanTurn[j]) {
            tx << xOf(j);
            ty << -top * 0.025;
        }
        if (j < session->contextReset.size() && session->contextReset[j]) {
            auto* line = new QCPItemStraightLine(m_plot);
            const double at = j > 0 ? (xOf(j - 1) + xOf(j)) / 2 : xOf(j);
            line->point1->setCoords(at, 0);
            line->point2->setCoords(at, 1);
            line->setPen(QPen(QColor(0x8e, 0x6c, 0xc0), 1.5, Qt::DashLine));
        }
    }
    m_turns->setData(tx, ty, true);
    // By index each column is 0.85 wide; by time, a fixed share of the session's span.
    const bool byTime = m_byTime->isChecked() && session && !m_columns.empty();
    const double span = byTime ? std::max(1.0, xOf(m_columns.size() - 1)) : double(m_columns.size());
    const double width = byTime ? span / 300.0 : 0.85;
    for (QCPBars* b : { m_hit, m_missed, m_fresh, m_output })
        b->setWidth(width);
    m_plot->xAxis->setLabel(byTime ? tr("time since the first request (minutes)") : tr("request (replay order)"));
    m_plot->xAxis->setRange(byTime ? -width : -1, std::max<double>(1, span + (byTime ? width : 0)));
    m_plot->yAxis->setRange(-top * 0.05, top * 1.08);
    setChartTitle(m_plot,
        session ? tr("Token columns: %1, hit rate %2%")
                      .arg(QString::fromStdString(session->name))
                      .arg(m_hitRate * 100.0, 0, 'f', 1)
                : tr("Token columns"));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace kv::views

// SPDX-License-Identifier: Apache-2.0
#include "widgets/serving_chart.h"

#include "widgets/axis_format.h"
#include "widgets/chart_navigation.h"
#include "widgets/chart_theme.h"
#include "widgets/chart_title.h"
#include "widgets/palette.h"

#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <cmath>

namespace kv::views {

namespace {
const double kHitRates[] = { 0.0, 0.5, 0.8, 0.9, 0.95, 0.99 };
}

ServingChart::ServingChart(QWidget* parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
    , m_prefill(new QDoubleSpinBox(this))
    , m_decode(new QDoubleSpinBox(this))
    , m_attention(new QDoubleSpinBox(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* row = new QHBoxLayout;
    const core::GpuRates defaults;
    for (const auto& [label, box, value, tip] :
        { std::tuple { tr("Prefill tokens/s"), m_prefill, defaults.prefillTokensPerSecond,
              tr("prompt tokens one GPU prefills per second at short context") },
            std::tuple { tr("Decode tokens/s"), m_decode, defaults.decodeTokensPerSecond,
                tr("output tokens one GPU decodes per second, whole batch, short context") },
            std::tuple { tr("Attention doubles cost at"), m_attention, defaults.attentionContext,
                tr("context (tokens) at which attention costs as much as the rest of the model") } }) {
        row->addWidget(new QLabel(label, this));
        box->setRange(1, 1e7);
        box->setDecimals(0);
        box->setValue(value);
        box->setToolTip(tip);
        row->addWidget(box);
        connect(box, &QDoubleSpinBox::editingFinished, this, [this] { update(); });
    }
    row->addStretch(1);
    layout->addLayout(row);
    layout->addWidget(m_plot, 1);
    int i = 0;
    for (double h : kHitRates) {
        QCPGraph* g = m_plot->addGraph();
        g->setName(tr("hit rate %1%").arg(h * 100.0, 0, 'f', 0));
        QColor c = palette::hitRate();
        c.setAlphaF(0.25 + 0.75 * double(i++) / double(std::size(kHitRates) - 1));
        g->setPen(QPen(c, 2));
    }
    QCPGraph* session = m_plot->addGraph();
    session->setName(tr("this session (what-if policy)"));
    session->setLineStyle(QCPGraph::lsNone);
    session->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, QColor(0xd6, 0x27, 0x28), 11));
    QCPGraph* uncached = m_plot->addGraph();
    uncached->setName(tr("the same requests without a cache"));
    uncached->setLineStyle(QCPGraph::lsNone);
    uncached->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QColor(0xd6, 0x27, 0x28), 11));
    m_plot->xAxis->setScaleType(QCPAxis::stLogarithmic);
    m_plot->xAxis->setTicker(labelledTicker({ { 2e3, "2k" }, { 5e3, "5k" }, { 1e4, "10k" }, { 2e4, "20k" },
        { 5e4, "50k" }, { 1e5, "100k" }, { 2e5, "200k" }, { 5e5, "500k" }, { 1e6, "1M" } }));
    m_plot->xAxis->setRange(2e3, 5e5);
    m_plot->xAxis->setLabel(tr("context length (tokens)"));
    m_plot->yAxis->setLabel(tr("output tokens per second per GPU"));
    m_plot->legend->setVisible(true);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    addChartTitle(m_plot, tr("Serving economics"));
    followPalette(m_plot);
    new ChartNavigation(m_plot, Qt::Horizontal | Qt::Vertical, [this](QPoint pixel) {
        const double context = m_plot->xAxis->pixelToCoord(pixel.x());
        if (!(context > 0))
            return QString();
        QString text = tr("context %1 tokens, 500 output tokens:").arg(formatTokens(context));
        for (double h : kHitRates)
            text += tr("\nhit rate %1%: %2 tokens/s")
                        .arg(h * 100.0, 0, 'f', 0)
                        .arg(core::outputTokensPerSecond(context, h, 500, rates()), 0, 'f', 0);
        return text;
    });
}

core::GpuRates ServingChart::rates() const
{
    core::GpuRates g;
    g.prefillTokensPerSecond = m_prefill->value();
    g.decodeTokensPerSecond = m_decode->value();
    g.attentionContext = m_attention->value();
    return g;
}

void ServingChart::show(const core::SessionAnalysis* session, const core::CachePolicy& policy)
{
    m_session = session && session->profile ? session : nullptr;
    m_policy = policy;
    update();
}

void ServingChart::update()
{
    const core::GpuRates gpu = rates();
    // The curves for the session's own output length per request (500 without a session).
    m_serving = m_session ? core::sessionServing(*m_session, m_policy, gpu) : core::SessionServing {};
    const double requests = m_session ? double(m_session->profile->requestCount()) : 0.0;
    const double output = requests > 0 && m_serving.outputTokens > 0 ? m_serving.outputTokens / requests : 500.0;
    double top = 1;
    for (std::size_t i = 0; i < std::size(kHitRates); ++i) {
        QVector<double> x, y;
        for (double l = 2e3; l <= 5e5 * 1.001; l *= 1.1) {
            x << l;
            y << core::outputTokensPerSecond(l, kHitRates[i], output, gpu);
            top = std::max(top, y.back());
        }
        m_plot->graph(int(i))->setData(x, y, true);
    }
    QVector<double> sx, sy, ux, uy;
    if (m_session && m_serving.gpuSeconds > 0) {
        sx << m_serving.meanContextTokens;
        sy << m_serving.outputPerSecond();
        ux << m_serving.meanContextTokens;
        uy << m_serving.outputTokens / m_serving.gpuSecondsWithoutCache;
    }
    m_plot->graph(int(std::size(kHitRates)))->setData(sx, sy, true);
    m_plot->graph(int(std::size(kHitRates)) + 1)->setData(ux, uy, true);
    m_plot->yAxis->setRange(0, top * 1.1);
    setChartTitle(m_plot,
        m_session && m_serving.gpuSeconds > 0
            ? tr("Serving economics: %1, %2 output tokens/s per GPU at %3% hits (%4x its uncached rate)")
                  .arg(QString::fromStdString(m_session->name))
                  .arg(m_serving.outputPerSecond(), 0, 'f', 0)
                  .arg(m_serving.hitRate * 100.0, 0, 'f', 1)
                  .arg(m_serving.gpuSeconds > 0 ? m_serving.gpuSecondsWithoutCache / m_serving.gpuSeconds : 0.0, 0, 'f',
                      1)
            : tr("Serving economics"));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace kv::views

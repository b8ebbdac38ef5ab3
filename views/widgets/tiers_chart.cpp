// SPDX-License-Identifier: Apache-2.0
#include "widgets/tiers_chart.h"

#include "kv/core/access_profile.h"
#include "widgets/axis_format.h"
#include "widgets/chart_navigation.h"
#include "widgets/chart_theme.h"
#include "widgets/chart_title.h"
#include "widgets/palette.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QVBoxLayout>
#include <qcustomplot.h>

namespace kv::views {

namespace {
QString rate(double bytesPerSecond)
{
    const char* units[] = { "B/s", "KiB/s", "MiB/s", "GiB/s", "TiB/s" };
    int u = 0;
    while (bytesPerSecond >= 1024 && u < 4) {
        bytesPerSecond /= 1024;
        ++u;
    }
    return QString::number(bytesPerSecond, 'f', bytesPerSecond < 10 ? 1 : 0) + QLatin1Char(' ')
        + QLatin1String(units[u]);
}
} // namespace

TiersChart::TiersChart(QWidget* parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
    , m_model(new QComboBox(this))
    , m_tiers(new QLineEdit(this))
    , m_problem(new QLabel(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("Model"), this));
    row->addWidget(m_model);
    row->addWidget(new QLabel(tr("Tiers, fastest first"), this));
    m_tiers->setToolTip(tr("NAME=SIZE,... for example hbm=80GiB,dram=1TiB,nvme=30TiB (per GPU or per node, "
                           "as you size them)"));
    row->addWidget(m_tiers, 1);
    row->addWidget(m_problem);
    layout->addLayout(row);
    layout->addWidget(m_plot, 1);
    auto* bars = new QCPBars(m_plot->xAxis, m_plot->yAxis);
    bars->setName(tr("share of prompt tokens"));
    bars->setPen(Qt::NoPen);
    bars->setBrush(palette::hit());
    bars->setWidth(0.6);
    auto* missed = new QCPBars(m_plot->xAxis, m_plot->yAxis);
    missed->setName(tr("prefilled"));
    missed->setPen(Qt::NoPen);
    missed->setBrush(palette::fresh());
    missed->setWidth(0.6);
    setModels({ core::builtinKvModels().begin(), core::builtinKvModels().end() });
    const QSettings settings;
    m_model->setCurrentIndex(
        std::max(0, m_model->findData(settings.value(QStringLiteral("tiers/model"), QStringLiteral("llama-3.1-70b")))));
    m_tiers->setText(
        settings.value(QStringLiteral("tiers/sizes"), QStringLiteral("hbm=40GiB,dram=512GiB,nvme=4TiB")).toString());
    m_plot->yAxis->setLabel(tr("share of the prompt tokens (%)"));
    m_plot->yAxis->setRange(0, 105);
    addChartTitle(m_plot, tr("Hits by memory tier"));
    followPalette(m_plot);
    new ChartNavigation(m_plot, Qt::Vertical);
    connect(m_model, &QComboBox::currentIndexChanged, this, [this] {
        QSettings().setValue(QStringLiteral("tiers/model"), m_model->currentData());
        update();
    });
    connect(m_tiers, &QLineEdit::editingFinished, this, [this] {
        QSettings().setValue(QStringLiteral("tiers/sizes"), m_tiers->text());
        update();
    });
}

void TiersChart::setModels(std::vector<core::KvModelSpec> models)
{
    const QString chosen = m_model->currentData().toString();
    m_models = std::move(models);
    {
        const QSignalBlocker quiet(m_model); // the choice is not the user's: not remembered
        m_model->clear();
        for (const core::KvModelSpec& m : m_models)
            m_model->addItem(tr("%1 (%2 KV bytes/token)")
                                 .arg(QString::fromStdString(m.name))
                                 .arg(QLocale().toString(qulonglong(m.bytesPerToken()))),
                QString::fromStdString(m.name));
        const int index = m_model->findData(chosen);
        m_model->setCurrentIndex(std::max(0, index));
    }
    update();
}

bool TiersChart::configure(const QString& model, const QString& tiers)
{
    const int index = m_model->findData(model);
    if (index < 0 || !core::parseTiers(tiers.toStdString()))
        return false;
    const QSignalBlocker quiet(m_model); // not remembered: a script's choice
    m_model->setCurrentIndex(index);
    m_tiers->setText(tiers);
    update();
    return true;
}

void TiersChart::show(const core::SessionAnalysis* session, double ttl)
{
    m_session = session && session->profile ? session : nullptr;
    m_ttl = ttl;
    update();
}

void TiersChart::update()
{
    m_plot->clearItems();
    auto* bars = static_cast<QCPBars*>(m_plot->plottable(0));
    auto* missedBar = static_cast<QCPBars*>(m_plot->plottable(1));
    const auto tiers = core::parseTiers(m_tiers->text().toStdString());
    const core::KvModelSpec* model = core::findKvModel(m_models, m_model->currentData().toString().toStdString());
    m_problem->setText(tiers ? QString() : QString::fromStdString(tiers.message()));
    m_hits = core::TierHits(tiers ? tiers->size() : 0);
    if (!m_session || !tiers || !model) {
        bars->data()->clear();
        missedBar->data()->clear();
        m_plot->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    const std::vector<std::uint64_t> blocks = core::tierCapacityBlocks(*tiers, *model, m_session->blockSize);
    for (std::size_t j = 0; j < m_session->profile->requestCount(); ++j)
        m_hits += core::tierHits(*m_session->profile, j, m_ttl, blocks);
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    QVector<double> keys, values;
    const double input = double(std::max<std::uint64_t>(m_hits.inputTokens, 1));
    const double span = m_session->durationSeconds;
    for (std::size_t t = 0; t <= tiers->size(); ++t) {
        const bool miss = t == tiers->size();
        const double tokens = miss ? double(m_hits.inputTokens - m_hits.hitTokens) : double(m_hits.tokens[t]);
        if (!miss) {
            keys << double(t);
            values << 100.0 * tokens / input;
        } else {
            missedBar->setData({ double(t) }, { 100.0 * tokens / input }, true);
        }
        ticker->addTick(double(t),
            miss ? tr("prefilled (missed)")
                 : tr("%1\n%2 tokens")
                       .arg(QString::fromStdString((*tiers)[t].name),
                           formatTokens(double(blocks[t] * m_session->blockSize))));
        auto* label = new QCPItemText(m_plot);
        label->position->setCoords(double(t), 100.0 * tokens / input);
        label->setPositionAlignment(Qt::AlignHCenter | Qt::AlignBottom);
        label->setColor(m_plot->xAxis->tickLabelColor());
        label->setText(miss ? tr("%1%").arg(100.0 * tokens / input, 0, 'f', 1)
                            : tr("%1%, %2 to the GPU")
                                  .arg(100.0 * tokens / input, 0, 'f', 1)
                                  .arg(rate(span > 0 ? tokens * model->bytesPerToken() / span : 0.0)));
    }
    m_plot->xAxis->setTicker(ticker);
    m_plot->xAxis->setRange(-0.6, double(tiers->size()) + 0.6);
    bars->setData(keys, values, true);
    setChartTitle(m_plot,
        tr("Hits by memory tier: %1, %2, TTL %3")
            .arg(QString::fromStdString(m_session->name), QString::fromStdString(model->name), formatTtl(m_ttl)));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace kv::views

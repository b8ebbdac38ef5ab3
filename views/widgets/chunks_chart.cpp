// SPDX-License-Identifier: Apache-2.0
#include "widgets/chunks_chart.h"

#include "bridge/top_chunks_model.h"
#include "widgets/axis_format.h"
#include "widgets/chart_navigation.h"
#include "widgets/chart_theme.h"
#include "widgets/chart_title.h"
#include "widgets/palette.h"
#include "widgets/segment_style.h"
#include "widgets/side_axis_rect.h"

#include <QHeaderView>
#include <QLocale>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <qcustomplot.h>

namespace kv::views {

namespace {
constexpr std::size_t kTopChunks = 50;
}

ChunksChart::ChunksChart(QWidget* parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
    , m_table(new QTableView(this))
    , m_model(new TopChunksModel(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_plot);
    split->addWidget(m_table);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split);

    // Histogram on the left (the main axis rect, with the mouse), refresh factor by kind on the right.
    QCPAxisRect* histRect = m_plot->axisRect();
    m_kindRect = addSideAxisRect(m_plot, 3, 2);
    for (const auto& [name, color] : { std::pair { "prefilled once (when new)", palette::fresh() },
             std::pair { "prefilled again", palette::refresh() } }) {
        auto* bars = new QCPBars(m_plot->xAxis, m_plot->yAxis);
        bars->setName(tr(name));
        bars->setPen(Qt::NoPen);
        bars->setBrush(color);
        bars->setWidth(0.8);
    }
    // One bar set per kind, so each bar has the kind's colour from the composition chart.
    for (const KindStyle& style : segmentKindStyles()) {
        auto* kind = new QCPBars(m_kindRect->axis(QCPAxis::atBottom), m_kindRect->axis(QCPAxis::atLeft));
        kind->setName(tr(style.label));
        kind->setPen(Qt::NoPen);
        kind->setBrush(style.color);
        kind->setWidth(0.7);
        kind->removeFromLegend();
    }
    auto whole = QSharedPointer<QCPAxisTickerFixed>::create(); // prefill counts are whole numbers
    whole->setTickStep(1);
    whole->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    m_plot->xAxis->setTicker(whole);
    m_plot->xAxis->setLabel(tr("times a block was prefilled"));
    m_plot->yAxis->setLabel(tr("blocks"));
    m_plot->yAxis->setTicker(tokenTicker());
    m_kindRect->axis(QCPAxis::atLeft)->setLabel(tr("prefills per distinct chunk"));
    m_plot->legend->setVisible(true);
    histRect->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    addChartTitle(m_plot, tr("Re-prefilled chunks"));
    addChartNote(m_plot);
    followPalette(m_plot);
    m_navigation = new ChartNavigation(m_plot, Qt::Horizontal, [this](QPoint pixel) {
        const auto times = std::lround(m_plot->xAxis->pixelToCoord(pixel.x()));
        const auto& h = chunks().histogram;
        const auto it = times > 0 ? h.find(std::uint32_t(times)) : h.end();
        if (it == h.end())
            return QString();
        const QLocale l;
        return tr("%1 blocks (%2 tokens) prefilled %n time(s)", nullptr, int(times))
            .arg(l.toString(qulonglong(it->second)), formatTokens(double(it->second * m_blockSize)));
    });

    auto* proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(m_model);
    proxy->setSortRole(TopChunksModel::SortRole);
    m_table->setModel(proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(TopChunksModel::Rank, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    connect(m_table, &QTableView::activated, this, [this, proxy](const QModelIndex& index) {
        const auto& top = chunks().top;
        const int row = proxy->mapToSource(index).row();
        if (row < 0 || std::size_t(row) >= top.size())
            return;
        const core::ChunkRefresh::Chunk& c = top[std::size_t(row)];
        emit requestPicked(int(c.refreshedBy.empty() ? c.firstRequest : c.refreshedBy.front()));
    });
}

const core::ChunkRefresh& ChunksChart::chunks() const
{
    return m_model->chunks();
}

void ChunksChart::show(
    const core::SessionAnalysis* session, const core::CachePolicy& policy, const core::MissCauses& causes)
{
    const bool ok = session && session->profile && session->input;
    m_blockSize = ok ? session->blockSize : 64;
    core::ChunkRefresh refresh = ok ? core::chunkRefresh(*session, policy, kTopChunks) : core::ChunkRefresh {};
    if (ok) {
        m_summary = QString::fromStdString(core::describeChunkRefresh(refresh, &causes, session->blockSize));
    } else {
        m_summary = tr("Open a session to see which chunks are prefilled again and again.");
    }
    setChartNote(m_plot, m_summary);

    QVector<double> onceKeys, onceValues, againKeys, againValues;
    double top = 1, most = 1;
    for (const auto& [times, blocks] : refresh.histogram) {
        (times <= 1 ? onceKeys : againKeys) << double(times);
        (times <= 1 ? onceValues : againValues) << double(blocks);
        top = std::max(top, double(blocks));
        most = std::max(most, double(times));
    }
    static_cast<QCPBars*>(m_plot->plottable(0))->setData(onceKeys, onceValues, true);
    static_cast<QCPBars*>(m_plot->plottable(1))->setData(againKeys, againValues, true);
    if (auto whole = m_plot->xAxis->ticker().dynamicCast<QCPAxisTickerFixed>()) // every count while few
        whole->setScaleStrategy(most <= 20 ? QCPAxisTickerFixed::ssNone : QCPAxisTickerFixed::ssMultiples);
    m_plot->xAxis->setRange(0.4, most + 0.6);
    m_plot->yAxis->setRange(0, top * 1.4); // headroom for the legend
    m_navigation->setHome();

    // Refresh factor by kind, only the kinds the session has, in the composition chart's order.
    m_plot->clearItems();
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    int shown = 0;
    double highest = 1;
    for (std::size_t i = 0; i < kSegmentKindCount; ++i) {
        const KindStyle& style = segmentKindStyles()[i];
        const auto& k = refresh.byKind[std::size_t(style.kind)];
        auto* bar = static_cast<QCPBars*>(m_plot->plottable(int(2 + i)));
        if (k.uniqueBlocks == 0) {
            bar->data()->clear();
            continue;
        }
        const double x = double(shown++);
        bar->setData({ x }, { k.refreshFactor() }, true);
        highest = std::max(highest, k.refreshFactor());
        ticker->addTick(x, tr(style.label));
        auto* label = new QCPItemText(m_plot);
        label->setClipAxisRect(m_kindRect);
        label->position->setAxes(m_kindRect->axis(QCPAxis::atBottom), m_kindRect->axis(QCPAxis::atLeft));
        label->position->setCoords(x, k.refreshFactor());
        label->setPositionAlignment(Qt::AlignHCenter | Qt::AlignBottom);
        label->setColor(m_plot->xAxis->tickLabelColor());
        label->setText(QString::number(k.refreshFactor(), 'f', 2));
    }
    QCPAxis* kindX = m_kindRect->axis(QCPAxis::atBottom);
    kindX->setTicker(ticker);
    kindX->setTickLabelRotation(shown > 4 ? 30 : 0);
    kindX->setRange(-0.6, std::max(0.6, double(shown) - 0.4));
    m_kindRect->axis(QCPAxis::atLeft)->setRange(0, highest * 1.15);

    m_model->setChunks(std::move(refresh), ok ? session->requestTimes : std::vector<double> {}, m_blockSize);
    m_table->resizeColumnsToContents();
    setChartTitle(m_plot,
        ok ? tr("Re-prefilled chunks: %1, %2")
                 .arg(QString::fromStdString(session->name),
                     formatPolicy(policy.ttl, policy.capacityBlocks, session->blockSize))
           : tr("Re-prefilled chunks"));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace kv::views

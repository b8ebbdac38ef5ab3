// SPDX-License-Identifier: Apache-2.0
#include "bridge/top_chunks_model.h"

#include "bridge/clock_text.h"

#include <QLocale>
#include <QStringList>

namespace kv::views {

namespace {
// Enough of the list to read in a cell; the tooltip has the rest.
QString requestList(const std::vector<std::uint32_t>& requests, std::size_t limit)
{
    QStringList parts;
    for (std::size_t i = 0; i < requests.size() && i < limit; ++i)
        parts << QString::number(requests[i]);
    if (requests.size() > limit)
        parts << QObject::tr("... (%1 in all)").arg(requests.size());
    return parts.join(QStringLiteral(", "));
}
} // namespace

void TopChunksModel::setChunks(core::ChunkRefresh refresh, std::vector<double> requestTimes, std::uint32_t blockSize)
{
    beginResetModel();
    m_refresh = std::move(refresh);
    m_times = std::move(requestTimes);
    m_blockSize = blockSize;
    endResetModel();
}

int TopChunksModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_refresh.top.size());
}

int TopChunksModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TopChunksModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || std::size_t(index.row()) >= m_refresh.top.size())
        return {};
    const core::ChunkRefresh::Chunk& c = m_refresh.top[std::size_t(index.row())];
    const bool sort = role == SortRole;
    if (role == Qt::TextAlignmentRole)
        return index.column() == Kind || index.column() == RefreshedBy ? QVariant()
                                                                       : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == RefreshedBy)
        return tr("Prefilled again by requests %1").arg(requestList(c.refreshedBy, 500));
    if (role != Qt::DisplayRole && !sort)
        return {};
    const QLocale locale;
    switch (index.column()) {
    case Rank:
        return index.row() + 1;
    case Prefills:
        return sort ? QVariant(c.prefills) : QVariant(locale.toString(c.prefills));
    case Tokens: {
        const qulonglong tokens = qulonglong(c.blocks) * m_blockSize;
        return sort ? QVariant(tokens) : QVariant(locale.toString(tokens));
    }
    case Kind:
        return QString::fromLatin1(core::segmentKindName(c.kind));
    case FirstRequest:
        return sort ? QVariant(c.firstRequest) : QVariant(locale.toString(c.firstRequest));
    case FirstTime: {
        const double t = c.firstRequest < m_times.size() ? m_times[c.firstRequest] : 0.0;
        return sort ? QVariant(t) : QVariant(clockText(t));
    }
    case TokenOffset: {
        const qulonglong offset = qulonglong(c.position) * m_blockSize;
        return sort ? QVariant(offset) : QVariant(locale.toString(offset));
    }
    case RefreshedBy:
        return sort ? QVariant(qulonglong(c.refreshedBy.size())) : QVariant(requestList(c.refreshedBy, 12));
    default:
        return {};
    }
}

QVariant TopChunksModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case Prefills:
            return tr("Times this chunk was prefilled under the what-if policy (1 = only when it was new)");
        case Tokens:
            return tr("A chunk is a run of blocks first seen side by side, of one kind, prefilled by the same "
                      "requests");
        case TokenOffset:
            return tr("Where the chunk starts in the prompt that first held it, in tokens");
        case RefreshedBy:
            return tr("Requests (replay order) that prefilled this chunk again after it had been cached");
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Rank:
        return tr("#");
    case Prefills:
        return tr("Prefills");
    case Tokens:
        return tr("Tokens");
    case Kind:
        return tr("Kind");
    case FirstRequest:
        return tr("First request");
    case FirstTime:
        return tr("First seen at");
    case TokenOffset:
        return tr("Token offset");
    case RefreshedBy:
        return tr("Prefilled again by requests");
    default:
        return {};
    }
}

} // namespace kv::views

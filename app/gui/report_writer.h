// SPDX-License-Identifier: Apache-2.0
// The PDF report: a title, the sessions table as the window sorts and filters it, then one
// chart per landscape A4 page, drawn as vectors.
#pragma once

#include <QList>
#include <QString>

class QAbstractItemModel;
class QCustomPlot;

namespace kv::gui {

bool writeReport(const QString& file, const QString& title, const QString& subtitle, const QAbstractItemModel* table,
    const QList<QCustomPlot*>& charts, QString* error);

} // namespace kv::gui

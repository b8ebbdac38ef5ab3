// SPDX-License-Identifier: Apache-2.0
// MainWindow's exports: one chart to PNG/JPEG/SVG/PDF/CSV at a chosen size, and the PDF report.
#include "bridge/session_table_model.h"
#include "bridge/what_if_state.h"
#include "main_window.h"
#include "report_writer.h"
#include "widgets/axis_format.h"
#include "widgets/chart_export.h"
#include "widgets/export_size_dialog.h"
#include "widgets/simulation_panel.h"

#include <QFileDialog>
#include <QLabel>
#include <QMessageBox>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <qcustomplot.h>

namespace kv::gui {

QCustomPlot* MainWindow::chartPlot(const QString& chart) const
{
    return m_plots.value(chart, nullptr);
}

bool MainWindow::exportChart(const QString& chart, const QString& file, QSize size, QString* error)
{
    QCustomPlot* plot = chartPlot(chart);
    if (!plot) {
        if (error)
            *error = tr("unknown chart '%1' (%2)").arg(chart, chartNames().join(QStringLiteral(", ")));
        return false;
    }
    return views::exportChart(plot, file, size.width(), size.height(), error);
}

bool MainWindow::exportReport(const QString& file, QString* error)
{
    const core::SessionAnalysis* s = currentSession();
    QList<QCustomPlot*> charts;
    for (const QString& name : chartNames())
        if ((name != QLatin1String("fleet") || (s && s->fleet)) // one session is not a fleet
            && (name != QLatin1String("simulation") || m_simulationPanel->results())) // nor a run not made
            charts << chartPlot(name);
    const QString title = tr("kvscope: KV-cache replay of %n session(s)", nullptr, m_model->rowCount());
    const QString subtitle
        = tr("What-if policy: TTL %1, capacity %2 tokens. Hit = share of input tokens served from cache; refresh = "
             "prefilled blocks per distinct block. Charts: %3.")
              .arg(views::formatTtl(m_whatIf->ttl()), views::formatTokens(double(m_whatIf->capacityTokens())),
                  s ? QString::fromStdString(s->name) : tr("no session"));
    return writeReport(file, title, subtitle, m_proxy, charts, error);
}

void MainWindow::exportCharts()
{
    const QString file = QFileDialog::getSaveFileName(this, tr("Export the current chart"),
        QStringLiteral("kvscope-chart.png"), tr("PNG (*.png);;SVG (*.svg);;PDF (*.pdf);;CSV data (*.csv)"));
    if (file.isEmpty())
        return;
    // Images and vector files at a chosen size (remembered); CSV has no size.
    QSize size = QSettings().value(QStringLiteral("export/size"), QSize(1200, 700)).toSize();
    if (!file.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive)) {
        views::ExportSizeDialog dialog(size, this);
        if (dialog.exec() != QDialog::Accepted)
            return;
        size = dialog.chosenSize();
        QSettings().setValue(QStringLiteral("export/size"), size);
    }
    const QStringList charts = chartsOnTab(m_tabs->currentIndex());
    QString error;
    QStringList written;
    for (const QString& chart : charts) {
        QString target = file;
        if (charts.size() > 1) {
            const int dot = int(target.lastIndexOf(QLatin1Char('.')));
            target.insert(dot < 0 ? target.size() : dot, QLatin1Char('-') + chart);
        }
        if (!exportChart(chart, target, size, &error)) {
            QMessageBox::warning(this, tr("kvscope"), error);
            return;
        }
        written << target;
    }
    m_status->setText(tr("Saved %1").arg(written.join(QStringLiteral(", "))));
}

void MainWindow::exportReportInteractively()
{
    const QString file = QFileDialog::getSaveFileName(
        this, tr("Export report"), QStringLiteral("kvscope-report.pdf"), tr("PDF (*.pdf)"));
    if (file.isEmpty())
        return;
    QString error;
    if (!exportReport(file, &error))
        QMessageBox::warning(this, tr("kvscope"), error);
    else
        m_status->setText(tr("Report saved as %1").arg(file));
}

} // namespace kv::gui

// SPDX-License-Identifier: Apache-2.0
// kvscope: the desktop application. `kvscope [--db FILE] [--screenshot PNG] [PATH...]`.
#include "main_window.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("kvscope"));
    QCoreApplication::setApplicationName(QStringLiteral("kvscope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(KVSCOPE_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("KV-cache analytics for AI agent traces"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption db(QStringLiteral("db"), QStringLiteral("SQLite store to use and keep."),
        QStringLiteral("FILE"), QStringLiteral(":memory:"));
    const QCommandLineOption shot(QStringLiteral("screenshot"),
        QStringLiteral("Save a PNG of the window once PATHs are analysed, then quit."), QStringLiteral("PNG"));
    const QCommandLineOption view(QStringLiteral("view"),
        QStringLiteral("View to show first: columns, curves or gaps."), QStringLiteral("NAME"),
        QStringLiteral("columns"));
    const QCommandLineOption select(QStringLiteral("select"),
        QStringLiteral("Row of the session to select first (in the sorted table)."), QStringLiteral("ROW"),
        QStringLiteral("0"));
    parser.addOption(db);
    parser.addOption(shot);
    parser.addOption(view);
    parser.addOption(select);
    parser.addPositionalArgument(
        QStringLiteral("PATH"), QStringLiteral("Trace files or directories to open."), QStringLiteral("[PATH...]"));
    parser.process(app);

    kv::gui::MainWindow window(parser.value(db));
    if (!window.showView(parser.value(view))) {
        qWarning("kvscope: unknown view '%s' (columns, curves or gaps)", qPrintable(parser.value(view)));
        return 2;
    }
    window.show();
    const int row = parser.value(select).toInt();
    QObject::connect(
        &window, &kv::gui::MainWindow::analysisShown, &window, [&window, row] { window.selectSession(row); });
    if (parser.isSet(shot)) {
        const QString out = parser.value(shot);
        QObject::connect(&window, &kv::gui::MainWindow::analysisShown, &window, [&window, out] {
            // Let the charts finish their queued replots before grabbing.
            QTimer::singleShot(300, &window, [&window, out] {
                window.grab().save(out);
                QApplication::quit();
            });
        });
    }
    const QStringList paths = parser.positionalArguments();
    if (!paths.isEmpty())
        QTimer::singleShot(0, &window, [&window, paths] { window.openPaths(paths); });
    return app.exec();
}

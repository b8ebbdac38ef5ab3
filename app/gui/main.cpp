// SPDX-License-Identifier: Apache-2.0
// kvscope: the desktop application.
//   kvscope [--db FILE] [--view NAME] [--select ROWS] [PATH...]
//   kvscope --export-chart CHART --out FILE [--ttl S] [--capacity T] [--select ROWS] PATH...
//   kvscope --export-report FILE [--ttl S] [--capacity T] [--select ROWS] PATH...
// The export forms run without a display (offscreen) for scripts and CI.
#include "bridge/session_table_model.h"
#include "bridge/what_if_state.h"
#include "kv/core/units.h"
#include "main_window.h"
#include "widgets/fleet_chart.h"
#include "widgets/simulation_panel.h"
#include "widgets/tiers_chart.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QSettings>
#include <QTimer>

#include <cstdio>
#include <cstring>
#include <functional>

int main(int argc, char** argv)
{
    // Exports need no display: use the offscreen platform unless one was chosen.
    for (int i = 1; i < argc; ++i)
        if ((!std::strcmp(argv[i], "--export-chart") || !std::strcmp(argv[i], "--export-report"))
            && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");

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
        QStringLiteral("View to show first: %1.").arg(kv::gui::MainWindow::viewNames().join(QStringLiteral(", "))),
        QStringLiteral("NAME"), QStringLiteral("columns"));
    const QCommandLineOption select(QStringLiteral("select"),
        QStringLiteral("Rows to select first (in the sorted table, from 0): 3, 0,2,5, 1-4 or all. Several rows are "
                       "shown as one shared cache."),
        QStringLiteral("ROWS"), QStringLiteral("0"));
    const QCommandLineOption exportChart(QStringLiteral("export-chart"),
        QStringLiteral("Save one chart (%1) to --out and quit.")
            .arg(kv::gui::MainWindow::chartNames().join(QStringLiteral(", "))),
        QStringLiteral("CHART"));
    const QCommandLineOption out(QStringLiteral("out"),
        QStringLiteral("File for --export-chart: .png, .jpg, .svg, .pdf or .csv."), QStringLiteral("FILE"));
    const QCommandLineOption exportReport(QStringLiteral("export-report"),
        QStringLiteral("Save a PDF report (sessions table and every chart) and quit."), QStringLiteral("FILE"));
    const QCommandLineOption ttl(
        QStringLiteral("ttl"), QStringLiteral("What-if TTL: 300, 5m, 1h, inf."), QStringLiteral("SECONDS"));
    const QCommandLineOption capacity(QStringLiteral("capacity"),
        QStringLiteral("What-if capacity in tokens: 262144, 1M, inf."), QStringLiteral("TOKENS"));
    const QCommandLineOption theme(QStringLiteral("theme"),
        QStringLiteral("light or dark (default: as last chosen in View > Dark Theme; exports: light)."),
        QStringLiteral("NAME"));
    const QCommandLineOption kvModel(QStringLiteral("kv-model"),
        QStringLiteral("Model for the memory-tiers view (as kvscope-cli tiers --list-models)."),
        QStringLiteral("NAME"));
    const QCommandLineOption tiersOption(QStringLiteral("tiers"),
        QStringLiteral("Memory tiers for that view, e.g. hbm=80GiB,dram=1TiB,nvme=30TiB."), QStringLiteral("LIST"));
    const QCommandLineOption pricesOption(QStringLiteral("prices"),
        QStringLiteral("Price table for the cost view, JSON (as kvscope-cli cost --prices); not remembered."),
        QStringLiteral("FILE"));
    const QCommandLineOption modelsFile(QStringLiteral("models-file"),
        QStringLiteral("More KV model specs for the memory-tiers view, JSON (as kvscope-cli tiers); not remembered."),
        QStringLiteral("FILE"));
    const QCommandLineOption fleetTiming(QStringLiteral("fleet-timing"),
        QStringLiteral("How the sessions of a multi-row selection start: recorded, window=2h or rate=30/h."),
        QStringLiteral("MODE"));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("Seed for --fleet-timing (default 1)."),
        QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption simulate(QStringLiteral("simulate"),
        QStringLiteral("Run the serving simulator once the sessions are open: serving configs (JSON), comma-separated, "
                       "or 'builtin'. Exports wait for it."),
        QStringLiteral("CONFIGS"));
    const QCommandLineOption simUsers(QStringLiteral("sim-users"),
        QStringLiteral(
            "Users for --simulate: fixed:N, ramp:START,STEP,PERIOD,MAX or slo:... (default ramp:4,4,5m,60)."),
        QStringLiteral("MODE"), QStringLiteral("ramp:4,4,5m,60"));
    const QCommandLineOption simDuration(QStringLiteral("sim-duration"),
        QStringLiteral("Simulated time for --simulate (default 1h)."), QStringLiteral("D"), QStringLiteral("1h"));
    const QCommandLineOption simTtft(QStringLiteral("sim-ttft"),
        QStringLiteral("TTFT p95 objective for --simulate, seconds (default 5)."), QStringLiteral("S"),
        QStringLiteral("5"));
    const QCommandLineOption width(QStringLiteral("width"), QStringLiteral("Exported chart width in pixels."),
        QStringLiteral("PX"), QStringLiteral("1200"));
    const QCommandLineOption height(QStringLiteral("height"), QStringLiteral("Exported chart height in pixels."),
        QStringLiteral("PX"), QStringLiteral("700"));
    for (const auto* o : { &db, &shot, &view, &select, &exportChart, &out, &exportReport, &ttl, &capacity, &theme,
             &kvModel, &tiersOption, &pricesOption, &modelsFile, &fleetTiming, &seed, &simulate, &simUsers,
             &simDuration, &simTtft, &width, &height })
        parser.addOption(*o);
    parser.addPositionalArgument(
        QStringLiteral("PATH"), QStringLiteral("Trace files or directories to open."), QStringLiteral("[PATH...]"));
    parser.process(app);

    const bool exporting = parser.isSet(exportChart) || parser.isSet(exportReport);
    const QStringList paths = parser.positionalArguments();
    if (exporting && (paths.isEmpty() || (parser.isSet(exportChart) && !parser.isSet(out)))) {
        std::fprintf(stderr, "kvscope: --export-chart needs --out FILE and PATHs; --export-report needs PATHs\n");
        return 2;
    }

    if (parser.isSet(theme) && parser.value(theme) != QLatin1String("light")
        && parser.value(theme) != QLatin1String("dark")) {
        std::fprintf(stderr, "kvscope: --theme '%s' is not light or dark\n", qPrintable(parser.value(theme)));
        return 2;
    }
    const bool dark = parser.isSet(theme) ? parser.value(theme) == QLatin1String("dark")
                                          : !exporting && QSettings().value(QStringLiteral("view/dark")).toBool();
    if (dark)
        kv::gui::MainWindow::setDarkTheme(true);
    kv::gui::MainWindow window(parser.value(db));
    window.setInteractive(!exporting && !parser.isSet(shot));
    if (!window.showView(parser.value(view))) {
        std::fprintf(stderr, "kvscope: unknown view '%s' (%s)\n", qPrintable(parser.value(view)),
            qPrintable(kv::gui::MainWindow::viewNames().join(QStringLiteral(", "))));
        return 2;
    }
    if (exporting) { // scripts get the same charts whatever the last session's sliders were
        window.whatIf()->setTtl(300.0);
        window.whatIf()->setCapacityTokens(kv::core::kUnlimited);
    }
    // Scripts get the built-in prices and specs unless they name files, whatever was remembered.
    if (exporting || parser.isSet(modelsFile)) {
        QString error;
        if (!window.setKvModelFile(parser.value(modelsFile), false, &error)) {
            std::fprintf(stderr, "kvscope: --models-file: %s\n", qPrintable(error));
            return 2;
        }
    }
    if (exporting || parser.isSet(pricesOption)) {
        if (auto prices = kv::views::AnalysisController::prices(parser.value(pricesOption)); !prices) {
            std::fprintf(stderr, "kvscope: --prices: %s\n", prices.message().c_str());
            return 2;
        }
        window.setPriceFile(parser.value(pricesOption), false);
    }
    if (exporting || parser.isSet(kvModel) || parser.isSet(tiersOption)) {
        const QString m
            = parser.value(kvModel).isEmpty() ? kv::views::TiersChart::defaultModel() : parser.value(kvModel);
        const QString t
            = parser.value(tiersOption).isEmpty() ? kv::views::TiersChart::defaultTiers() : parser.value(tiersOption);
        if (!window.tiersChart()->configure(m, t)) {
            std::fprintf(
                stderr, "kvscope: --kv-model '%s' or --tiers '%s' is not valid\n", qPrintable(m), qPrintable(t));
            return 2;
        }
    }
    if (parser.isSet(fleetTiming) || exporting) { // exports: as recorded unless asked
        const QString timing = parser.isSet(fleetTiming) ? parser.value(fleetTiming) : QStringLiteral("recorded");
        bool seeded = false;
        const qulonglong n = parser.value(seed).toULongLong(&seeded);
        if (!seeded || !window.fleetChart()->setTiming(timing, n)) {
            std::fprintf(stderr,
                "kvscope: --fleet-timing '%s' --seed '%s' is not valid (recorded, window=2h, rate=30/h)\n",
                qPrintable(timing), qPrintable(parser.value(seed)));
            return 2;
        }
    }
    if (parser.isSet(simulate)) {
        QStringList configs = parser.value(simulate).split(QLatin1Char(','), Qt::SkipEmptyParts);
        configs.removeAll(QStringLiteral("builtin"));
        window.simulationPanel()->setConfigFiles(configs);
        QString error;
        if (!window.simulationPanel()->configure(
                parser.value(simUsers), parser.value(simDuration), parser.value(simTtft), &error)) {
            std::fprintf(stderr, "kvscope: --sim-*: %s\n", qPrintable(error));
            return 2;
        }
    }
    if (parser.isSet(ttl)) {
        const auto s = kv::core::parseDuration(parser.value(ttl).toStdString());
        if (!s) {
            std::fprintf(
                stderr, "kvscope: --ttl '%s' is not a duration (300, 5m, 1h, inf)\n", qPrintable(parser.value(ttl)));
            return 2;
        }
        window.whatIf()->setTtl(*s);
    }
    if (parser.isSet(capacity)) {
        const auto t = kv::core::parseTokenCount(parser.value(capacity).toStdString());
        if (!t || *t == 0) {
            std::fprintf(stderr, "kvscope: --capacity '%s' is not a token count\n", qPrintable(parser.value(capacity)));
            return 2;
        }
        window.whatIf()->setCapacityTokens(*t);
    }
    if (!exporting)
        window.show();
    else
        window.resize(1400, 900);
    // "all" is resolved once the table is filled; otherwise a list of rows and ranges.
    const QString rowsText = parser.value(select).trimmed();
    QList<int> rows;
    for (const QString& part : rowsText.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QStringList range = part.split(QLatin1Char('-'));
        bool ok1 = false, ok2 = true;
        const int first = range.value(0).toInt(&ok1);
        const int last = range.size() == 2 ? range[1].toInt(&ok2) : first;
        if (rowsText == QLatin1String("all"))
            break;
        if (!ok1 || !ok2 || range.size() > 2 || first < 0 || last < first) {
            std::fprintf(
                stderr, "kvscope: --select '%s' is not a list of rows (3, 0,2,5, 1-4 or all)\n", qPrintable(rowsText));
            return 2;
        }
        for (int r = first; r <= last; ++r)
            rows << r;
    }
    // As kvscope-cli: the output is written, but unreadable input makes the exit status 1.
    bool inputFailed = false;
    QObject::connect(window.controller(), &kv::views::AnalysisController::importFinished, &window,
        [&inputFailed](const kv::views::ImportReport& r) { inputFailed |= r.failed > 0 || !r.messages.isEmpty(); });
    // After the first snapshot: select, wait until the views show the selection (and the
    // simulation when asked), then act once.
    bool armed = false;
    std::function<void()> finish;
    QObject::connect(&window, &kv::gui::MainWindow::analysisShown, &window, [&] {
        armed = true;
        if (rowsText == QLatin1String("all")) {
            rows.clear();
            for (int r = 0; r < window.sessionModel()->rowCount(); ++r)
                rows << r;
        }
        window.selectSessions(rows);
    });
    QObject::connect(&window, &kv::gui::MainWindow::viewsShown, &window, [&] {
        if (!armed)
            return;
        armed = false;
        if (!window.selectionError().isEmpty())
            std::fprintf(stderr, "kvscope: %s\n", qPrintable(window.selectionError()));
        if (parser.isSet(simulate)) { // the simulation first; the screenshot or export once it is drawn
            QObject::connect(
                &window, &kv::gui::MainWindow::simulationShown, &window, [&](bool simulated, const QString& problem) {
                    if (!simulated)
                        std::fprintf(stderr, "kvscope: --simulate: %s\n", qPrintable(problem));
                    inputFailed |= !simulated;
                    finish();
                });
            window.runSimulation();
            return;
        }
        finish();
    });
    finish = [&] {
        if (parser.isSet(shot)) {
            const QString file = parser.value(shot);
            // Let the charts finish their queued replots before grabbing.
            QTimer::singleShot(300, &window, [&window, file] {
                window.grab().save(file);
                QApplication::quit();
            });
        }
        if (!exporting)
            return;
        QString error = window.selectionError();
        bool ok = error.isEmpty();
        if (ok && parser.isSet(exportChart))
            ok = window.exportChart(parser.value(exportChart), parser.value(out),
                QSize(parser.value(width).toInt(), parser.value(height).toInt()), &error);
        if (ok && parser.isSet(exportReport))
            ok = window.exportReport(parser.value(exportReport), &error);
        if (!ok)
            std::fprintf(stderr, "kvscope: %s\n", qPrintable(error));
        QApplication::exit(ok && !inputFailed ? 0 : 1);
    };
    if (!paths.isEmpty())
        QTimer::singleShot(0, &window, [&window, paths] { window.openPaths(paths); });
    return app.exec();
}

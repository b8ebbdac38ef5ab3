// SPDX-License-Identifier: Apache-2.0
#include "bridge/analysis_controller.h"

#include "kv/core/cache_cost.h"
#include "kv/core/combined_session.h"
#include "kv/core/simulation_store.h"
#include "kv/core/trace_store.h"
#include "kv/importers/import_job.h"
#include "kv/importers/kv_model_file.h"
#include "kv/importers/price_file.h"
#include "kv/importers/serving_config_file.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

#include <ctime>
#include <map>

namespace kv::views {

namespace {

// Forwards core progress to the GUI thread, at most about 20 times a second.
class QueuedProgress final : public core::ProgressSink
{
public:
    QueuedProgress(QPointer<AnalysisController> target, QString what)
        : m_target(std::move(target))
        , m_what(std::move(what))
    {
        m_timer.start();
    }
    void stage(std::string_view name, int, int) override
    {
        m_what = QString::fromUtf8(name.data(), qsizetype(name.size()));
    }
    void advance(std::uint64_t done, std::uint64_t total) override
    {
        if (done != total && m_timer.elapsed() < 50)
            return;
        m_timer.restart();
        const int permille = total ? int(done * 1000 / total) : 0;
        const QString text = QStringLiteral("%1 %2/%3").arg(m_what).arg(done).arg(total);
        QMetaObject::invokeMethod(
            m_target,
            [t = m_target, permille, text] {
                if (t)
                    emit t->progressChanged(permille, text);
            },
            Qt::QueuedConnection);
    }

private:
    QPointer<AnalysisController> m_target;
    QString m_what;
    QElapsedTimer m_timer;
};

// Runs fn with the controller on its own (GUI) thread, unless the controller is gone by then:
// how every worker job answers.
template <class Fn> void onControllerThread(const QPointer<AnalysisController>& self, Fn fn)
{
    QMetaObject::invokeMethod(
        self,
        [self, fn = std::move(fn)] {
            if (self)
                fn(*self);
        },
        Qt::QueuedConnection);
}

} // namespace

struct AnalysisController::AnalysisCache
{
    std::map<std::int64_t, core::SessionAnalysis> byId;
    // Prices in use: read by every job on the worker, so a price change queued before an import
    // applies to it.
    std::vector<core::ModelPrice> prices { core::builtinPrices().begin(), core::builtinPrices().end() };
};

struct AnalysisController::Outcome
{
    ImportReport report;
    AnalysisSnapshotPtr snapshot;
    QString error;
};

AnalysisController::AnalysisController(const QString& storePath, QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<AnalysisSnapshotPtr>();
    qRegisterMetaType<ImportReport>();
    qRegisterMetaType<SessionAnalysisPtr>();
    qRegisterMetaType<SimulationResultsPtr>();
    m_selectionGeneration = std::make_shared<std::atomic<std::uint64_t>>(0);
    m_pool.setMaxThreadCount(1);
    m_cache = std::make_shared<AnalysisCache>();
    auto store = core::TraceStore::open(storePath.toStdString());
    if (store)
        m_store = std::make_shared<core::TraceStore>(std::move(*store));
    else
        m_storeError = QString::fromStdString(store.message());
}

AnalysisController::~AnalysisController()
{
    if (m_cancel)
        m_cancel->request();
    m_pool.waitForDone();
}

void AnalysisController::cancel()
{
    if (m_cancel)
        m_cancel->request();
}

void AnalysisController::openPaths(const QStringList& paths)
{
    if (!m_store) {
        emit failed(m_storeError);
        return;
    }
    if (paths.isEmpty())
        return;
    setJobRunning(true);
    m_cancel = std::make_shared<core::CancelToken>();
    std::vector<std::string> list;
    for (const QString& p : paths)
        list.push_back(p.toStdString());
    QPointer<AnalysisController> self(this);
    auto store = m_store;
    auto cancelToken = m_cancel;
    auto cache = m_cache;
    (void)QtConcurrent::run(&m_pool, [self, store, cache, cancelToken, list, keepText = m_keepText] {
        auto outcome = std::make_shared<Outcome>();
        const auto registry = importers::ImporterRegistry::withDefaults();
        importers::ImportJob job(registry, *store);
        job.setKeepText(keepText);
        QueuedProgress importProgress(self, QStringLiteral("importing"));
        const importers::ImportSummary summary = job.run(list, importProgress, *cancelToken);
        for (const std::string& e : summary.errors)
            outcome->report.messages << QString::fromStdString(e);
        for (const auto& f : summary.files) {
            using S = importers::FileOutcome::State;
            outcome->report.imported += f.state == S::Imported;
            outcome->report.alreadyPresent += f.state == S::AlreadyPresent;
            outcome->report.failed += f.state == S::Failed;
            outcome->report.skipped += f.state == S::Skipped;
            if (f.state == S::Failed)
                outcome->report.messages << QString::fromStdString(f.message);
        }
        outcome->report.cancelled = summary.cancelled;

        auto sessions = store->listSessions();
        if (!sessions) {
            outcome->error = QString::fromStdString(sessions.message());
        } else {
            auto snap = std::make_shared<AnalysisSnapshot>();
            QueuedProgress analyseProgress(self, QStringLiteral("analysing"));
            std::uint64_t done = 0;
            for (const core::StoredSession& s : *sessions) {
                if (cancelToken->requested())
                    break;
                auto it = cache->byId.find(s.id);
                if (it == cache->byId.end()) {
                    auto loaded = store->loadSession(s.id);
                    if (!loaded) {
                        outcome->report.messages << QString::fromStdString(loaded.message());
                        continue;
                    }
                    core::SessionAnalysis a = core::analyzeSession(*loaded);
                    a.storeId = s.id;
                    a.cost = std::make_shared<const core::SessionCost>(
                        core::sessionCost(*loaded, cache->prices, a.profile.get(), a.input.get()));
                    if (auto text = store->loadPromptText(s.id); text && !text->empty())
                        a.promptText = std::make_shared<const core::PromptText>(std::move(*text));
                    it = cache->byId.emplace(s.id, std::move(a)).first;
                }
                snap->sessions.push_back(it->second);
                analyseProgress.advance(++done, sessions->size());
            }
            outcome->snapshot = std::move(snap);
        }
        onControllerThread(self, [outcome](AnalysisController& c) { c.finish(outcome); });
    });
}

void AnalysisController::setJobRunning(bool started)
{
    const bool was = m_jobs > 0;
    m_jobs += started ? 1 : -1;
    if (was != (m_jobs > 0))
        emit busyChanged(m_jobs > 0);
}

void AnalysisController::analyseSelection(const QList<qint64>& storeIds, const core::FleetTiming& timing)
{
    if (!m_store) {
        emit selectionReady(storeIds, nullptr, m_storeError);
        return;
    }
    setJobRunning(true);
    if (!m_cancel || m_cancel->requested())
        m_cancel = std::make_shared<core::CancelToken>();
    const std::uint64_t generation = ++*m_selectionGeneration;
    QPointer<AnalysisController> self(this);
    (void)QtConcurrent::run(&m_pool,
        [self, store = m_store, cache = m_cache, latest = m_selectionGeneration, cancelToken = m_cancel, storeIds,
            generation, timing] {
            SessionAnalysisPtr result;
            QString error;
            if (generation != latest->load()) {
                error = QStringLiteral("superseded by a newer selection");
            } else {
                std::vector<core::Session> sessions;
                QueuedProgress progress(self, QStringLiteral("loading the selection"));
                for (qint64 id : storeIds) {
                    if (cancelToken->requested() || generation != latest->load())
                        break;
                    auto loaded = store->loadSession(id);
                    if (!loaded) {
                        error = QString::fromStdString(loaded.message());
                        break;
                    }
                    if (auto text = store->loadPromptText(id); text)
                        loaded->text = std::move(*text);
                    sessions.push_back(std::move(*loaded));
                    progress.advance(sessions.size(), std::uint64_t(storeIds.size()));
                }
                if (error.isEmpty() && sessions.size() != std::size_t(storeIds.size()))
                    error = QStringLiteral("cancelled");
                if (error.isEmpty()) {
                    core::retimeSessions(sessions, timing);
                    std::vector<const core::Session*> ptrs;
                    for (const core::Session& s : sessions)
                        ptrs.push_back(&s);
                    auto layout = std::make_shared<const core::FleetLayout>(core::fleetLayout(ptrs, timing));
                    auto combined = core::combineSessions(ptrs);
                    if (!combined) {
                        error = QString::fromStdString(combined.message());
                    } else {
                        sessions.clear(); // the combined copy is all that is needed now
                        auto a = std::make_shared<core::SessionAnalysis>(core::analyzeSession(*combined));
                        a->fleet = std::move(layout);
                        a->cost = std::make_shared<const core::SessionCost>(
                            core::sessionCost(*combined, cache->prices, a->profile.get(), a->input.get()));
                        if (!combined->text.empty())
                            a->promptText = std::make_shared<const core::PromptText>(std::move(combined->text));
                        result = std::move(a);
                    }
                }
            }
            onControllerThread(self, [storeIds, result, error](AnalysisController& c) {
                c.setJobRunning(false);
                emit c.selectionReady(storeIds, result, error);
            });
        });
}

core::Expected<std::vector<core::KvModelSpec>> AnalysisController::kvModels(const QString& path)
{
    std::vector<core::KvModelSpec> models;
    if (!path.isEmpty()) {
        auto more = importers::readKvModelFile(path.toStdString());
        if (!more)
            return more.status();
        models = std::move(*more);
    }
    models.insert(models.end(), core::builtinKvModels().begin(), core::builtinKvModels().end());
    return models;
}

core::Expected<core::ServingConfig> AnalysisController::servingConfig(const QString& path)
{
    return importers::readServingConfigFile(path.toStdString());
}

void AnalysisController::simulate(const QList<qint64>& storeIds, const std::vector<core::ServingConfig>& configs,
    const core::UserTiming& timing, const core::UserLoad& load, const core::ServiceObjectives& objectives)
{
    if (!m_store) {
        emit simulationReady(nullptr, m_storeError);
        return;
    }
    setJobRunning(true);
    if (!m_cancel || m_cancel->requested())
        m_cancel = std::make_shared<core::CancelToken>();
    QPointer<AnalysisController> self(this);
    (void)QtConcurrent::run(
        &m_pool, [self, store = m_store, cancelToken = m_cancel, storeIds, configs, timing, load, objectives] {
            QString error;
            std::vector<core::Session> sessions;
            QList<qint64> ids = storeIds;
            if (ids.isEmpty()) {
                if (auto stored = store->listSessions())
                    for (const core::StoredSession& s : *stored)
                        ids << s.id;
            }
            for (qint64 id : ids) {
                auto loaded = store->loadSession(id);
                if (!loaded) {
                    error = QString::fromStdString(loaded.message());
                    break;
                }
                sessions.push_back(std::move(*loaded));
            }
            auto results = std::make_shared<std::vector<core::SimResult>>();
            core::SimulationSettings settings;
            settings.label = "kvscope " + std::to_string(std::time(nullptr));
            settings.users = core::describeUserLoad(load);
            settings.timing = core::timingStrategyName(timing.strategy);
            settings.durationSeconds = load.durationSeconds;
            settings.objectives = objectives;
            for (std::size_t i = 0; i < configs.size() && error.isEmpty(); ++i) {
                QueuedProgress progress(self,
                    QStringLiteral("simulating %1 (%2 of %3)")
                        .arg(QString::fromStdString(configs[i].name))
                        .arg(i + 1)
                        .arg(configs.size()));
                auto run = core::simulateServing(
                    configs[i], sessions, timing, load, objectives, cancelToken.get(), &progress);
                if (!run) {
                    error = QString::fromStdString(configs[i].name + ": " + run.message());
                } else if (run->cancelled) {
                    error = QStringLiteral("cancelled");
                } else {
                    // Kept in the store with what it was asked (a file store keeps it for kvscope-cli runs).
                    settings.configJson = importers::servingConfigJson(configs[i]);
                    if (auto saved = core::saveSimulation(*store, *run, settings); !saved)
                        error = QString::fromStdString(saved.message());
                    results->push_back(std::move(*run));
                }
            }
            SimulationResultsPtr done = error.isEmpty() ? SimulationResultsPtr(std::move(results)) : nullptr;
            onControllerThread(self, [done, error](AnalysisController& c) {
                c.setJobRunning(false);
                emit c.simulationReady(done, error);
            });
        });
}

void AnalysisController::listStoredRuns()
{
    if (!m_store)
        return;
    QPointer<AnalysisController> self(this);
    (void)QtConcurrent::run(&m_pool, [self, store = m_store] {
        QList<qint64> ids;
        QStringList descriptions;
        if (auto runs = core::listSimulations(*store)) {
            for (const core::StoredSimulation& r : *runs) {
                ids << r.id;
                descriptions << QStringLiteral("%1: %2, %3, %4 (%5)")
                                    .arg(r.id)
                                    .arg(QString::fromStdString(r.result.config),
                                        QString::fromStdString(r.settings.users),
                                        QString::fromStdString(r.settings.timing), QString::fromStdString(r.createdAt));
            }
        }
        onControllerThread(
            self, [ids, descriptions](AnalysisController& c) { emit c.storedRunsListed(ids, descriptions); });
    });
}

void AnalysisController::loadStoredRuns(const QList<qint64>& runIds)
{
    if (!m_store)
        return;
    QPointer<AnalysisController> self(this);
    (void)QtConcurrent::run(&m_pool, [self, store = m_store, runIds] {
        auto results = std::make_shared<std::vector<core::SimResult>>();
        QString error;
        double ttft = 0, percentile = 95;
        for (qint64 id : runIds) {
            auto run = core::loadSimulation(*store, id);
            if (!run) {
                error = QString::fromStdString(run.message());
                break;
            }
            if (results->empty()) {
                ttft = run->settings.objectives.ttftSeconds;
                percentile = run->settings.objectives.ttftPercentile;
            }
            results->push_back(std::move(run->result));
        }
        SimulationResultsPtr done = error.isEmpty() ? SimulationResultsPtr(std::move(results)) : nullptr;
        onControllerThread(self, [done, ttft, percentile, error](AnalysisController& c) {
            emit c.storedRunsLoaded(done, ttft, percentile, error);
        });
    });
}

core::Expected<std::vector<core::ModelPrice>> AnalysisController::prices(const QString& path)
{
    std::vector<core::ModelPrice> prices;
    if (!path.isEmpty()) {
        auto more = importers::readPriceFile(path.toStdString());
        if (!more)
            return more.status();
        prices = std::move(*more);
    }
    prices.insert(prices.end(), core::builtinPrices().begin(), core::builtinPrices().end());
    return prices;
}

void AnalysisController::setPriceFile(const QString& path)
{
    if (!m_store) {
        emit failed(m_storeError);
        return;
    }
    setJobRunning(true);
    QPointer<AnalysisController> self(this);
    (void)QtConcurrent::run(&m_pool, [self, store = m_store, cache = m_cache, path] {
        auto prices = AnalysisController::prices(path);
        const QString error = prices ? QString() : QString::fromStdString(prices.message());
        AnalysisSnapshotPtr snapshot;
        if (prices) {
            cache->prices = std::move(*prices);
            QueuedProgress progress(self, QStringLiteral("re-costing"));
            std::uint64_t done = 0;
            for (auto& [id, a] : cache->byId) {
                if (auto loaded = store->loadSession(id))
                    a.cost = std::make_shared<const core::SessionCost>(
                        core::sessionCost(*loaded, cache->prices, a.profile.get(), a.input.get()));
                progress.advance(++done, cache->byId.size());
            }
            // The same rows in the same order as the last snapshot; none before anything is open.
            auto snap = std::make_shared<AnalysisSnapshot>();
            if (auto sessions = store->listSessions())
                for (const core::StoredSession& s : *sessions)
                    if (auto it = cache->byId.find(s.id); it != cache->byId.end())
                        snap->sessions.push_back(it->second);
            snapshot = std::move(snap);
        }
        onControllerThread(self, [path, error, snapshot](AnalysisController& c) {
            if (!error.isEmpty()) {
                emit c.failed(error);
            } else {
                c.m_priceFile = path;
                emit c.pricesChanged(path);
                if (!snapshot->sessions.empty()) {
                    c.m_snapshot = snapshot;
                    emit c.snapshotReady(snapshot);
                }
            }
            c.setJobRunning(false);
        });
    });
}

void AnalysisController::finish(const std::shared_ptr<Outcome>& outcome)
{
    emit importFinished(outcome->report);
    if (!outcome->error.isEmpty())
        emit failed(outcome->error);
    if (outcome->snapshot) {
        m_snapshot = outcome->snapshot;
        emit snapshotReady(m_snapshot);
    }
    setJobRunning(false);
}

} // namespace kv::views

// SPDX-License-Identifier: Apache-2.0
// AnalysisController: the one place the GUI starts long work. Imports files into its store and
// analyses every stored session on a worker thread (one at a time, so the store has one user),
// reports progress, can be cancelled, and delivers AnalysisSnapshots by queued signal.
#pragma once

#include "bridge/analysis_snapshot.h"
#include "kv/core/cache_cost.h"
#include "kv/core/fleet.h"
#include "kv/core/memory_tiers.h"
#include "kv/core/progress.h"

#include <QFutureWatcher>
#include <QObject>
#include <QStringList>
#include <QThreadPool>

#include <atomic>
#include <memory>

namespace kv::core {
class TraceStore;
}

namespace kv::views {

struct ImportReport
{
    int imported = 0;
    int alreadyPresent = 0;
    int failed = 0;
    int skipped = 0;
    QStringList messages; // one line per failed file or path, naming it and the problem
    bool cancelled = false;
};

class AnalysisController : public QObject
{
    Q_OBJECT
public:
    // storePath: an SQLite file, or ":memory:" for a store that lives as long as the controller.
    explicit AnalysisController(const QString& storePath = QStringLiteral(":memory:"), QObject* parent = nullptr);
    ~AnalysisController() override;

    bool isBusy() const { return m_jobs > 0; }
    // Keep agent logs' prompt text on import (for the request inspector); off by default.
    void setKeepText(bool keep) { m_keepText = keep; }
    bool keepText() const { return m_keepText; }
    AnalysisSnapshotPtr snapshot() const { return m_snapshot; }
    // The price file in use for the cost view; empty for the built-in list prices.
    QString priceFile() const { return m_priceFile; }
    // KV specs for the memory-tiers view: a JSON file's specs (they win a name tie) and then the
    // built-in ones; an empty path gives the built-ins. The file is small: read at once.
    static core::Expected<std::vector<core::KvModelSpec>> kvModels(const QString& path);
    // A serving simulator config from a JSON file (small: read at once).
    static core::Expected<core::ServingConfig> servingConfig(const QString& path);
    // Prices: a JSON file's entries (they win a tie) and then the built-in list prices.
    static core::Expected<std::vector<core::ModelPrice>> prices(const QString& path);

public slots:
    void openPaths(const QStringList& paths);
    // Analyses stored sessions as one shared cache (core::combineSessions) on the worker, re-timed
    // as a fleet when timing says so; the newest request wins and older ones still queued are
    // skipped. Answers with selectionReady; the analysis carries the fleet's layout.
    void analyseSelection(const QList<qint64>& storeIds, const kv::core::FleetTiming& timing = {});
    void cancel();
    // Prices for the cost view: the built-in list prices with a JSON price file's entries on top
    // (empty path: the built-ins). Re-costs every open session on the worker, then answers with
    // pricesChanged and a new snapshot, or with failed (naming the file) keeping the prices in use.
    void setPriceFile(const QString& path);
    // Simulates the stored sessions (storeIds; empty: every stored session) as users against each
    // config on the worker, with progress and cancel; answers with simulationReady.
    void simulate(const QList<qint64>& storeIds, const std::vector<kv::core::ServingConfig>& configs,
        const kv::core::UserTiming& timing, const kv::core::UserLoad& load,
        const kv::core::ServiceObjectives& objectives);
    // The simulated runs kept in the store, newest last; answers with storedRunsListed.
    void listStoredRuns();
    // Loads stored runs to compare them; answers with storedRunsLoaded.
    void loadStoredRuns(const QList<qint64>& runIds);

signals:
    void busyChanged(bool busy);
    void progressChanged(int permille, const QString& text);
    void importFinished(const kv::views::ImportReport& report);
    void snapshotReady(kv::views::AnalysisSnapshotPtr snapshot);
    // The combined analysis for analyseSelection(storeIds), or an error (null analysis).
    void selectionReady(const QList<qint64>& storeIds, kv::views::SessionAnalysisPtr analysis, const QString& error);
    void failed(const QString& message);
    void pricesChanged(const QString& priceFile);
    // The runs of simulate(), or an error (null results).
    void simulationReady(kv::views::SimulationResultsPtr results, const QString& error);
    // Each stored run's id and a line describing it (config, users, when).
    void storedRunsListed(const QList<qint64>& runIds, const QStringList& descriptions);
    // The runs of loadStoredRuns (null and an error when one could not be read) and the
    // objectives the first was run with.
    void storedRunsLoaded(
        kv::views::SimulationResultsPtr results, double ttftObjective, double ttftPercentile, const QString& error);

private:
    struct Outcome;
    struct AnalysisCache; // analyses by store id; touched only by the worker thread
    void finish(const std::shared_ptr<Outcome>& outcome);
    void setJobRunning(bool started);

    QThreadPool m_pool; // one thread: the store is used by one job at a time
    std::shared_ptr<core::TraceStore> m_store;
    std::shared_ptr<AnalysisCache> m_cache;
    QString m_storeError;
    QString m_priceFile;
    std::shared_ptr<core::CancelToken> m_cancel;
    AnalysisSnapshotPtr m_snapshot;
    int m_jobs = 0; // imports and selection analyses queued or running
    std::shared_ptr<std::atomic<std::uint64_t>> m_selectionGeneration;
    bool m_keepText = false;
};

} // namespace kv::views

Q_DECLARE_METATYPE(kv::views::ImportReport)

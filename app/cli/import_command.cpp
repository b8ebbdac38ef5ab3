// SPDX-License-Identifier: Apache-2.0
// kvscope-cli import: read files and directories into a store, one transaction per file.
#include "cli_common.h"
#include "commands.h"
#include "kv/importers/import_job.h"
#include "text_table.h"

#include <chrono>
#include <ostream>

namespace kv::cli {

namespace {
class StderrProgress final : public core::ProgressSink
{
public:
    explicit StderrProgress(std::ostream& err, bool enabled)
        : m_err(err)
        , m_enabled(enabled)
    {
    }
    void stage(std::string_view, int, int) override { }
    void advance(std::uint64_t done, std::uint64_t total) override
    {
        if (m_enabled && (done == total || done % 16 == 0))
            m_err << "\rimported " << done << "/" << total << " files" << (done == total ? "\n" : "") << std::flush;
    }

private:
    std::ostream& m_err;
    bool m_enabled;
};
} // namespace

int runImport(const Args& argv, std::ostream& out, std::ostream& err)
{
    ArgParser args("kvscope-cli import [--db FILE] [--claude] [--codex] [--quiet] [PATH...]",
        "Imports traces and agent logs (kv-cache-tester, Mooncake, Claude Code, Codex; plain or .zst,\n"
        "recognised by their first bytes) from files and directories into a store. A file whose\n"
        "bytes were imported before is skipped. A bad file gets one line naming it, the byte offset\n"
        "and the problem; the other files are imported; the exit status is then 1.");
    addStoreOptions(args);
    args.flag("quiet", "print only errors");
    args.flag("progress", "show a file counter on stderr");
    if (const auto exit = parseCommandLine(args, argv, "import", out, err))
        return *exit;
    const std::vector<std::string> paths = inputPaths(args, err);
    if (paths.empty())
        return usageError(err, "import", "give trace files or directories to import (or --claude, --codex)");
    auto store = core::TraceStore::open(args.value("db", ":memory:"));
    if (!store) {
        err << "kvscope-cli import: " << store.message() << '\n';
        return 1;
    }
    const auto registry = importers::ImporterRegistry::withDefaults();
    importers::ImportJob job(registry, *store);
    job.setKeepText(args.has("keep-text"));
    StderrProgress progress(err, args.has("progress"));
    core::CancelToken cancel;
    const auto t0 = std::chrono::steady_clock::now();
    const importers::ImportSummary summary = job.run(paths, progress, cancel);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    std::size_t imported = 0, present = 0, failed = 0, skipped = 0, sessions = 0;
    printImportProblems(summary, err);
    for (const auto& f : summary.files) {
        using S = importers::FileOutcome::State;
        imported += f.state == S::Imported;
        present += f.state == S::AlreadyPresent;
        failed += f.state == S::Failed;
        skipped += f.state == S::Skipped;
        if (f.state == S::Imported)
            sessions += f.sessionIds.size();
    }
    if (!args.has("quiet")) {
        out << "imported " << imported << " file(s) (" << sessions << " session(s)), " << present
            << " already in the store, " << failed << " failed, " << skipped
            << " skipped (not traces, or read with their session); " << fixed(double(summary.contentBytes()) / 1e6, 1)
            << " MB of trace data in " << fixed(secs, 2) << " s";
        if (args.has("db"))
            out << " into " << args.value("db");
        out << '\n';
    }
    return summary.anyFailed() ? 1 : 0;
}

} // namespace kv::cli

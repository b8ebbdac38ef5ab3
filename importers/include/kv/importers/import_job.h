// SPDX-License-Identifier: Apache-2.0
// ImportJob: files and directories -> parsed sessions -> TraceStore. Files are read and parsed on
// worker threads and stored in path order from the calling thread, one transaction per file, so
// a failure or a cancel loses nothing already stored and leaves no half session.
#pragma once

#include "kv/core/progress.h"
#include "kv/core/trace_store.h"
#include "kv/importers/importer_registry.h"

#include <cstdint>
#include <string>
#include <vector>

namespace kv::importers {

struct FileOutcome
{
    enum class State
    {
        Imported,
        AlreadyPresent,
        Failed,
        Skipped, // found by a directory walk but not in any format kvscope reads
        Cancelled
    };
    std::string path;
    State state = State::Failed;
    std::string format;
    std::string message; // for Failed: one line naming the file, offset and problem
    std::vector<std::string> warnings;
    std::vector<std::int64_t> sessionIds;
    std::uint64_t contentBytes = 0; // decompressed bytes parsed
};

struct ImportSummary
{
    std::vector<FileOutcome> files;
    std::vector<std::string> errors; // paths that could not be walked, directories without traces
    bool cancelled = false;

    bool anyFailed() const;
    std::vector<std::int64_t> sessionIds() const; // imported or already present, in path order
    std::uint64_t contentBytes() const;
};

struct InputCandidate
{
    std::string path;
    int directory = -1; // index of the PATH it was found under, -1 when named directly
};

// Expands files and directories (recursively) into the sorted list of candidate trace files.
std::vector<InputCandidate> collectInputFiles(const std::vector<std::string>& paths, std::vector<std::string>& errors);

class ImportJob
{
public:
    ImportJob(const ImporterRegistry& registry, core::TraceStore& store)
        : m_registry(registry)
        , m_store(store)
    {
    }
    void setThreads(unsigned n) { m_threads = n; }
    // Keep agent logs' prompt text (zstd-compressed) in the store; off by default for privacy.
    void setKeepText(bool keep) { m_keepText = keep; }
    ImportSummary run(
        const std::vector<std::string>& paths, core::ProgressSink& progress, const core::CancelToken& cancel);

private:
    const ImporterRegistry& m_registry;
    core::TraceStore& m_store;
    unsigned m_threads = 0; // 0: one per core
    bool m_keepText = false;
};

} // namespace kv::importers

// SPDX-License-Identifier: Apache-2.0
#include "kv/importers/import_job.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_set>

namespace kv::importers {

namespace fs = std::filesystem;

bool ImportSummary::anyFailed() const
{
    return !errors.empty() || std::any_of(files.begin(), files.end(), [](const FileOutcome& f) {
        return f.state == FileOutcome::State::Failed;
    });
}

std::vector<std::int64_t> ImportSummary::sessionIds() const
{
    std::vector<std::int64_t> ids;
    for (const FileOutcome& f : files)
        ids.insert(ids.end(), f.sessionIds.begin(), f.sessionIds.end());
    return ids;
}

std::uint64_t ImportSummary::contentBytes() const
{
    std::uint64_t n = 0;
    for (const FileOutcome& f : files)
        n += f.contentBytes;
    return n;
}

std::vector<InputCandidate> collectInputFiles(const std::vector<std::string>& paths, std::vector<std::string>& errors)
{
    std::vector<InputCandidate> out;
    for (std::size_t pi = 0; pi < paths.size(); ++pi) {
        const std::string& p = paths[pi];
        std::error_code ec;
        const fs::file_status st = fs::status(p, ec);
        if (ec || !fs::exists(st)) {
            errors.push_back(p + ": no such file or directory");
            continue;
        }
        if (!fs::is_directory(st)) {
            out.push_back({ p, -1 });
            continue;
        }
        std::vector<std::string> found;
        for (auto it = fs::recursive_directory_iterator(p, fs::directory_options::skip_permission_denied, ec);
             !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
            if (it->is_regular_file(ec) && ImporterRegistry::looksLikeTraceFile(it->path().filename().string()))
                found.push_back(it->path().string());
        }
        if (ec)
            errors.push_back(p + ": cannot read directory: " + ec.message());
        if (found.empty())
            errors.push_back(p + ": no trace files (.json, .json.zst, .jsonl, .jsonl.zst) in this directory");
        std::sort(found.begin(), found.end());
        for (std::string& f : found)
            out.push_back({ std::move(f), static_cast<int>(pi) });
    }
    return out;
}

namespace {

struct Parsed
{
    FileOutcome outcome;
    core::SourceFile source;
    std::vector<core::Session> sessions;
};

Parsed parseOne(const ImporterRegistry& registry, const InputCandidate& input,
    const std::unordered_set<std::uint64_t>& known, bool keepText)
{
    const std::string& path = input.path;
    Parsed r;
    r.outcome.path = path;
    auto file = readInputFile(path);
    if (!file) {
        r.outcome.message = file.message();
        return r;
    }
    file->keepText = keepText;
    r.source.path = path;
    r.source.contentHash = file->contentHash;
    r.source.size = file->diskSize;
    if (known.count(file->contentHash)) {
        r.outcome.state = FileOutcome::State::AlreadyPresent;
        return r;
    }
    const std::string_view head(file->bytes.data(), std::min<std::size_t>(file->bytes.size(), 4096));
    const Importer* imp = registry.detect(head, path);
    const bool empty = file->bytes.find_first_not_of(" \t\r\n") == std::string::npos;
    // Agent logs are appended while the agent runs; an empty one in a log directory is normal.
    if (empty && input.directory >= 0 && (path.ends_with(".jsonl") || path.ends_with(".jsonl.zst"))) {
        r.outcome.state = FileOutcome::State::Skipped;
        r.outcome.message = path + ": skipped: empty log";
        return r;
    }
    if (!imp && !empty && input.directory >= 0) {
        r.outcome.state = FileOutcome::State::Skipped;
        r.outcome.message = path + ": skipped: not a trace format kvscope knows";
        return r;
    }
    if (!imp) {
        r.outcome.message = empty ? path + ": byte 0: empty file" : path + ": byte 0: not a trace format kvscope knows";
        return r;
    }
    if (std::string owner = imp->companionOf(head, path); !owner.empty()) {
        r.outcome.state = FileOutcome::State::Skipped;
        r.outcome.message = path + ": read with " + owner;
        return r;
    }
    r.source.format = std::string(imp->id());
    r.outcome.format = r.source.format;
    r.outcome.contentBytes = file->bytes.size();
    auto parsed = imp->parse(*file);
    if (!parsed) {
        r.outcome.message = parsed.message();
        return r;
    }
    r.outcome.warnings = std::move(parsed->warnings);
    // Logs holding only metadata (titles, snapshots) have no calls to replay: keep nothing.
    std::erase_if(parsed->sessions, [](const core::Session& s) { return s.requests.empty(); });
    if (parsed->sessions.empty()) {
        r.outcome.state = FileOutcome::State::Skipped;
        r.outcome.message = path + ": skipped: no API calls in this file";
        return r;
    }
    r.sessions = std::move(parsed->sessions);
    r.outcome.state = FileOutcome::State::Imported;
    return r;
}

} // namespace

ImportSummary ImportJob::run(
    const std::vector<std::string>& paths, core::ProgressSink& progress, const core::CancelToken& cancel)
{
    ImportSummary summary;
    const std::vector<InputCandidate> files = collectInputFiles(paths, summary.errors);
    std::unordered_set<std::uint64_t> known;
    if (auto q = m_store.database().prepare("SELECT content_hash FROM files"); q) {
        while (q->step())
            known.insert(static_cast<std::uint64_t>(q->int64(0)));
    }

    const unsigned threads = std::max(
        1u, std::min<unsigned>(m_threads ? m_threads : std::thread::hardware_concurrency(), unsigned(files.size())));
    // Slots filled by workers, drained in order by this thread. Workers stay at most a few files
    // ahead so memory is bounded by a handful of parsed files.
    std::vector<std::optional<Parsed>> slots(files.size());
    std::mutex mu;
    std::condition_variable cv;
    std::size_t next = 0, drained = 0;
    const std::size_t window = 2 * threads;
    auto worker = [&] {
        for (;;) {
            std::size_t i;
            {
                std::unique_lock lk(mu);
                cv.wait(lk, [&] { return next >= files.size() || next < drained + window || cancel.requested(); });
                if (next >= files.size() || cancel.requested())
                    return;
                i = next++;
            }
            Parsed p = parseOne(m_registry, files[i], known, m_keepText);
            {
                std::lock_guard lk(mu);
                slots[i] = std::move(p);
            }
            cv.notify_all();
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads && !files.empty(); ++t)
        pool.emplace_back(worker);

    progress.stage("import", 0, 1);
    std::unordered_set<std::uint64_t> storedThisRun;
    for (std::size_t i = 0; i < files.size(); ++i) {
        Parsed p;
        {
            std::unique_lock lk(mu);
            cv.wait(lk, [&] { return slots[i].has_value() || cancel.requested(); });
            if (!slots[i]) {
                summary.cancelled = true;
                break;
            }
            p = std::move(*slots[i]);
            slots[i].reset();
            drained = i + 1;
        }
        cv.notify_all();
        FileOutcome out = std::move(p.outcome);
        // The same content twice in one run (copies of one file) is stored once.
        if (out.state == FileOutcome::State::Imported && storedThisRun.count(p.source.contentHash))
            out.state = FileOutcome::State::AlreadyPresent;
        if (out.state == FileOutcome::State::Imported) {
            auto ids = m_store.addFile(p.source, p.sessions);
            if (ids) {
                out.sessionIds = std::move(*ids);
                storedThisRun.insert(p.source.contentHash);
            } else {
                out.state = FileOutcome::State::Failed;
                out.message = p.source.path + ": cannot store: " + ids.message();
            }
        }
        if (out.state == FileOutcome::State::AlreadyPresent) {
            if (auto ids = m_store.sessionsOfFile(p.source.contentHash); ids)
                out.sessionIds = std::move(*ids);
        }
        summary.files.push_back(std::move(out));
        progress.advance(i + 1, files.size());
        if (cancel.requested()) {
            summary.cancelled = true;
            break;
        }
    }
    {
        std::lock_guard lk(mu);
        next = files.size(); // stop workers that have not started a file
    }
    cv.notify_all();
    for (auto& t : pool)
        t.join();
    for (std::size_t i = summary.files.size(); i < files.size(); ++i)
        summary.files.push_back(FileOutcome { files[i].path, FileOutcome::State::Cancelled, {}, {}, {}, {}, 0 });
    // A directory in which nothing was a trace is an error, as an empty one is.
    std::vector<int> traced(paths.size(), 0), seen(paths.size(), 0);
    for (std::size_t i = 0; i < summary.files.size(); ++i) {
        if (files[i].directory < 0)
            continue;
        seen[std::size_t(files[i].directory)] = 1;
        traced[std::size_t(files[i].directory)] += summary.files[i].state != FileOutcome::State::Skipped;
    }
    for (std::size_t d = 0; d < paths.size(); ++d)
        if (seen[d] && !traced[d] && !summary.cancelled)
            summary.errors.push_back(paths[d] + ": no traces in this directory (no file in a format kvscope reads)");
    return summary;
}

} // namespace kv::importers

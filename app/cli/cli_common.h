// SPDX-License-Identifier: Apache-2.0
// What every kvscope-cli command shares: value parsing (TTLs, token counts), opening the store
// (--db or a private in-memory one), importing PATHs with one-line errors, and choosing sessions.
#pragma once

#include "arg_parser.h"
#include "kv/core/memory_tiers.h"
#include "kv/core/session.h"
#include "kv/core/status.h"
#include "kv/core/trace_store.h"
#include "kv/importers/import_job.h"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace kv::cli {

// "300", "300s", "5m", "1h", "1d", "inf" -> seconds.
core::Expected<double> parseSeconds(const std::string& text);
// "262144", "256k", "1.5M", "2G", "inf" -> tokens (decimal suffixes).
core::Expected<std::uint64_t> parseTokenCount(const std::string& text);
// A plain number from min to max (a share, a rate, a scale); the message says the range.
core::Expected<double> parseNumber(const std::string& text, double min, double max);
// Comma-separated list of values parsed by fn.
core::Expected<std::vector<double>> parseList(
    const std::string& text, const std::function<core::Expected<double>(const std::string&)>& fn);

// The options every command that reads sessions takes: --db, --claude, --codex.
void addStoreOptions(ArgParser& args);
// PATHs given plus the default log directories asked for with --claude / --codex.
std::vector<std::string> inputPaths(const ArgParser& args, std::ostream& err);

struct Workspace
{
    std::optional<core::TraceStore> store;
    std::vector<std::int64_t> sessionIds;
    bool inputFailed = false; // some PATH or file could not be imported
};

// Opens the store, imports the positional PATHs (errors to err, one line each), and selects
// the sessions of those PATHs, or every stored session when no PATH was given.
core::Expected<Workspace> openWorkspace(const ArgParser& args, std::ostream& err, bool requirePaths);

// Calls fn for each selected session, loaded one at a time.
core::Status forEachSession(Workspace& ws, const std::function<void(std::int64_t, const core::Session&)>& fn);
// Every selected session at once, for the commands that replay them together (fleet, simulate).
core::Expected<std::vector<core::Session>> loadSessions(Workspace& ws);

// Loads the selected sessions one at a time on this thread (the store has one user) and runs
// work on each on the other cores; emit gets the results on this thread, in selection order.
// At most a few sessions are in flight, so memory stays bounded.
template <class Result>
core::Status mapSessions(
    Workspace& ws, const std::function<Result(const core::Session&)>& work, const std::function<void(Result&)>& emit)
{
    std::deque<std::future<Result>> inFlight;
    const std::size_t window = std::max(2u, std::thread::hardware_concurrency());
    for (std::int64_t id : ws.sessionIds) {
        auto s = ws.store->loadSession(id);
        if (!s)
            return s.status();
        auto session = std::make_shared<core::Session>(std::move(*s));
        inFlight.push_back(std::async(std::launch::async, [session, &work] { return work(*session); }));
        while (inFlight.size() >= window) {
            Result r = inFlight.front().get();
            inFlight.pop_front();
            emit(r);
        }
    }
    while (!inFlight.empty()) {
        Result r = inFlight.front().get();
        inFlight.pop_front();
        emit(r);
    }
    return {};
}

// The built-in model KV specs, then those of --models-file when given.
core::Expected<std::vector<core::KvModelSpec>> kvModels(const ArgParser& args);

int usageError(std::ostream& err, const std::string& command, const std::string& message);

// Prints what an import could not read: one line per failed file or path, the first warnings of
// each file, and a summary of warnings per file at the end.
void printImportProblems(const importers::ImportSummary& summary, std::ostream& err);

// Parses a command's arguments; returns the exit status when the command should stop here
// (--help printed: 0; a bad command line: 2), nothing when it should run.
std::optional<int> parseCommandLine(ArgParser& args, const std::vector<std::string>& argv, const std::string& command,
    std::ostream& out, std::ostream& err);

} // namespace kv::cli

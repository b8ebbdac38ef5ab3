// SPDX-License-Identifier: Apache-2.0
#include "cli_common.h"

#include "kv/core/cache_policy.h"
#include "kv/core/units.h"
#include "kv/importers/import_job.h"
#include "kv/importers/kv_model_file.h"
#include "kv/importers/log_locations.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <ostream>

namespace kv::cli {

core::Expected<double> parseSeconds(const std::string& text)
{
    if (const auto v = core::parseDuration(text))
        return *v;
    return core::Status::error("'" + text + "' is not a duration (seconds, or 30s, 5m, 1h, 1d, inf)");
}

core::Expected<std::uint64_t> parseTokenCount(const std::string& text)
{
    if (const auto v = core::parseTokenCount(text))
        return *v;
    return core::Status::error("'" + text + "' is not a token count (e.g. 262144, 256k, 1.5M, inf)");
}

core::Expected<double> parseNumber(const std::string& text, double min, double max)
{
    try {
        std::size_t used = 0;
        const double v = std::stod(text, &used);
        if (used == text.size() && v >= min && v <= max)
            return v;
    } catch (...) {
    }
    char range[64];
    std::snprintf(range, sizeof range, "%g to %g", min, max);
    return core::Status::error("'" + text + "' is not a number from " + range);
}

core::Expected<std::vector<double>> parseList(
    const std::string& text, const std::function<core::Expected<double>(const std::string&)>& fn)
{
    std::vector<double> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t comma = text.find(',', start);
        const std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (!item.empty()) {
            auto v = fn(item);
            if (!v)
                return v.status();
            out.push_back(*v);
        }
        if (comma == std::string::npos)
            break;
        start = comma + 1;
    }
    if (out.empty())
        return core::Status::error("empty list '" + text + "'");
    return out;
}

void addStoreOptions(ArgParser& args)
{
    args.option("db", "FILE", "SQLite store to use and keep (default: a private in-memory store)");
    args.flag("claude", "also read Claude Code logs from $CLAUDE_CONFIG_DIR/projects or ~/.claude/projects");
    args.flag("codex", "also read Codex rollouts from $CODEX_HOME/sessions or ~/.codex/sessions");
    args.flag("keep-text", "keep agent logs' prompt text (zstd) in the store; by default only hashes and counts");
}

std::vector<std::string> inputPaths(const ArgParser& args, std::ostream& err)
{
    std::vector<std::string> paths = args.positional();
    const bool claude = args.has("claude"), codex = args.has("codex");
    if (claude || codex) {
        const std::vector<std::string> found = importers::agentLogDirectories(claude, codex);
        if (found.empty())
            err << "kvscope-cli: no "
                << (claude && codex ? "Claude Code or Codex"
                           : claude ? "Claude Code"
                                    : "Codex")
                << " log directory found in the default locations\n";
        paths.insert(paths.end(), found.begin(), found.end());
    }
    return paths;
}

core::Expected<Workspace> openWorkspace(const ArgParser& args, std::ostream& err, bool requirePaths)
{
    Workspace ws;
    const std::string db = args.value("db", ":memory:");
    const std::vector<std::string> paths = inputPaths(args, err);
    if (requirePaths && paths.empty() && db == ":memory:")
        return core::Status::error("give trace files or directories to read, or --db FILE with imported sessions");
    auto store = core::TraceStore::open(db);
    if (!store)
        return store.status();
    ws.store.emplace(std::move(*store));
    if (paths.empty()) {
        auto all = ws.store->listSessions();
        if (!all)
            return all.status();
        for (const auto& s : *all)
            ws.sessionIds.push_back(s.id);
        return ws;
    }
    const auto registry = importers::ImporterRegistry::withDefaults();
    importers::ImportJob job(registry, *ws.store);
    job.setKeepText(args.has("keep-text"));
    core::NullProgress progress;
    core::CancelToken cancel;
    const importers::ImportSummary summary = job.run(paths, progress, cancel);
    printImportProblems(summary, err);
    ws.inputFailed = summary.anyFailed();
    ws.sessionIds = summary.sessionIds();
    return ws;
}

core::Status forEachSession(Workspace& ws, const std::function<void(std::int64_t, const core::Session&)>& fn)
{
    for (std::int64_t id : ws.sessionIds) {
        auto s = ws.store->loadSession(id);
        if (!s)
            return s.status();
        fn(id, *s);
    }
    return {};
}

core::Expected<std::vector<core::Session>> loadSessions(Workspace& ws)
{
    std::vector<core::Session> sessions;
    if (const core::Status st
        = forEachSession(ws, [&](std::int64_t, const core::Session& s) { sessions.push_back(s); });
        !st)
        return st;
    return sessions;
}

std::optional<int> parseCommandLine(ArgParser& args, const std::vector<std::string>& argv, const std::string& command,
    std::ostream& out, std::ostream& err)
{
    std::string error;
    if (!args.parse(argv, error))
        return usageError(err, command, error);
    if (args.helpRequested()) {
        out << args.help();
        return 0;
    }
    return std::nullopt;
}

void printImportProblems(const importers::ImportSummary& summary, std::ostream& err)
{
    constexpr std::size_t kShownPerFile = 5;
    for (const std::string& e : summary.errors)
        err << "kvscope-cli: " << e << '\n';
    std::size_t warned = 0, warnings = 0;
    for (const auto& f : summary.files) {
        if (f.state == importers::FileOutcome::State::Failed)
            err << "kvscope-cli: " << f.message << '\n';
        for (std::size_t i = 0; i < f.warnings.size() && i < kShownPerFile; ++i)
            err << "kvscope-cli: warning: " << f.warnings[i] << '\n';
        if (f.warnings.size() > kShownPerFile)
            err << "kvscope-cli: warning: " << f.path << ": " << f.warnings.size() - kShownPerFile
                << " more warning(s)\n";
        warned += !f.warnings.empty();
        warnings += f.warnings.size();
    }
    if (warned > 1) {
        err << "kvscope-cli: " << warnings << " warning(s) in " << warned << " file(s):\n";
        for (const auto& f : summary.files)
            if (!f.warnings.empty())
                err << "  " << f.path << ": " << f.warnings.size() << '\n';
    }
}

int usageError(std::ostream& err, const std::string& command, const std::string& message)
{
    err << "kvscope-cli " << command << ": " << message << "\n(see kvscope-cli " << command << " --help)\n";
    return 2;
}

core::Expected<std::vector<core::KvModelSpec>> kvModels(const ArgParser& args)
{
    std::vector<core::KvModelSpec> models(core::builtinKvModels().begin(), core::builtinKvModels().end());
    if (args.has("models-file")) {
        auto more = importers::readKvModelFile(args.value("models-file"));
        if (!more)
            return more.status();
        models.insert(models.begin(), more->begin(), more->end()); // the file's specs win a name tie
    }
    return models;
}

} // namespace kv::cli

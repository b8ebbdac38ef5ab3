// SPDX-License-Identifier: Apache-2.0
#include "kv/importers/claude_code_importer.h"

#include "claude_log.h"
#include "kv/core/hashing.h"
#include "kv/core/prompt_chunker.h"
#include "kv/importers/prompt_builder.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>
#include <unordered_map>

namespace kv::importers {

namespace fs = std::filesystem;
using claude::Call;
using claude::Entry;
using claude::LogFile;

namespace {

std::string sessionIdIn(std::string_view head)
{
    const std::size_t k = head.find("\"sessionId\"");
    if (k == std::string_view::npos)
        return {};
    const std::size_t q1 = head.find('"', head.find(':', k) + 1);
    const std::size_t q2 = q1 == std::string_view::npos ? q1 : head.find('"', q1 + 1);
    return q2 == std::string_view::npos ? std::string() : std::string(head.substr(q1 + 1, q2 - q1 - 1));
}

bool isAgentFileName(const fs::path& p)
{
    const std::string n = p.filename().string();
    return n.starts_with("agent-") && (n.ends_with(".jsonl") || n.ends_with(".jsonl.zst"));
}

std::string agentIdFromName(const fs::path& p)
{
    std::string n = p.filename().string();
    n = n.substr(6);
    return n.substr(0, n.find('.'));
}

struct AgentSource
{
    LogFile log;
    std::string agentKey; // "main" or the agentId
    std::string type;
    bool inlineSidechains = false; // the main file: its sidechain calls become inline agents
};

// Reads <stem>/subagents/**/agent-*.jsonl and legacy agent-*.jsonl beside the file.
std::vector<AgentSource> readSubagentFiles(
    const fs::path& main, const std::string& sessionId, std::vector<std::string>& warnings)
{
    std::vector<fs::path> files;
    std::error_code ec;
    const fs::path dir = main.parent_path().empty() ? fs::path(".") : main.parent_path();
    std::string stem = main.filename().string();
    stem = stem.substr(0, stem.find('.'));
    const fs::path sub = dir / stem / "subagents";
    if (fs::is_directory(sub, ec))
        for (auto it = fs::recursive_directory_iterator(sub, ec); !ec && it != fs::recursive_directory_iterator();
             it.increment(ec))
            if (it->is_regular_file(ec) && isAgentFileName(it->path()))
                files.push_back(it->path());
    for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
        if (!it->is_regular_file(ec) || !isAgentFileName(it->path()) || fs::equivalent(it->path(), main, ec))
            continue;
        auto head = readInputFile(it->path().string());
        if (head && sessionIdIn(std::string_view(head->bytes).substr(0, 4096)) == sessionId)
            files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    std::vector<AgentSource> out;
    for (const fs::path& f : files) {
        auto in = readInputFile(f.string());
        if (!in) {
            warnings.push_back(in.message());
            continue;
        }
        AgentSource a;
        a.log = claude::readLogFile(*in);
        a.agentKey = agentIdFromName(f);
        fs::path meta = f;
        meta.replace_extension(".meta.json");
        if (auto m = readInputFile(meta.string()); m) {
            const auto j = nlohmann::json::parse(m->bytes, nullptr, false);
            if (j.is_object() && j.contains("agentType") && j["agentType"].is_string())
                a.type = j["agentType"].get<std::string>();
        }
        out.push_back(std::move(a));
    }
    return out;
}

// Builds the requests of one agent's calls into the session.
class SessionBuilder
{
public:
    SessionBuilder(core::Session& s, std::vector<std::string>& warnings, bool keepText)
        : m_s(s)
        , m_warnings(warnings)
        , m_keepText(keepText)
    {
        if (m_keepText)
            m_s.text.requestBegin.push_back(0);
    }

    void addCalls(const LogFile& log, const std::vector<Call>& calls, std::uint32_t agent, const std::string& version)
    {
        PromptBuilder prompt(ClaudeCodeImporter::kBlockSize);
        // Warmup agents run with the main agent's system prompt (that is what they warm up).
        const std::string& type = m_s.agents[agent].type == "warmup" ? std::string("main") : m_s.agents[agent].type;
        const std::uint64_t systemSeed = core::fnv1a64("claude-code|" + version + "|" + type);
        std::uint64_t systemUnits = 0;
        bool first = true;
        for (const Call& c : calls) {
            const Entry& u = log.entries[c.usageLine];
            const std::string key = u.messageId.empty() ? std::string() : u.messageId + "|" + u.requestId;
            if (!key.empty() && !m_seenCalls.insert(key).second) {
                ++m_duplicates;
                continue; // the same API call logged in another file (resumes, replays)
            }
            const std::uint64_t reported = u.inputTokens + u.cacheRead + u.cacheWrite;
            // Content of the prompt, chunked after the system prefix the log does not hold.
            if (first) {
                // The first call's prompt that the log does not explain is the system prompt and tools.
                std::uint64_t content = 0;
                for (std::size_t i : c.prompt)
                    for (const auto& p : log.entries[i].parts)
                        content += p.text.empty() ? p.opaqueTokens : core::PromptChunker::countTokens(p.text);
                systemUnits = reported > content ? reported - content : 0;
                m_s.agents[agent].systemTokens = static_cast<std::uint32_t>(systemUnits);
                first = false;
            }
            // KV caches are per model: a model switch starts a new prefix chain.
            prompt.start(core::fnv1a64(u.model));
            if (systemUnits)
                prompt.addSynthetic(core::SegmentKind::System, systemSeed, systemUnits);
            for (std::size_t i : c.prompt) {
                for (std::size_t pi = 0; pi < log.entries[i].parts.size(); ++pi) {
                    const auto& p = log.entries[i].parts[pi];
                    if (m_keepText)
                        keepPart(log, i, pi);
                    if (p.text.empty())
                        prompt.addSynthetic(p.kind, p.opaqueHash, p.opaqueTokens);
                    else
                        prompt.addText(p.kind, p.text);
                }
            }
            core::Request r;
            r.agent = agent;
            r.time = std::isnan(c.startTime) ? 0.0 : c.startTime;
            r.model = m_s.strings.intern(u.model);
            r.stop = m_s.strings.intern(u.stopReason);
            r.inputTokens = u.hasUsage ? reported : prompt.units();
            r.outputTokens = u.outputTokens;
            r.hasReportedUsage = u.hasUsage;
            r.reportedUncached = u.inputTokens;
            r.reportedCacheRead = u.cacheRead;
            r.reportedCacheWrite5m = u.cacheWrite5m;
            r.reportedCacheWrite1h = u.cacheWrite1h;
            const double t1 = log.entries[c.lines.back()].time;
            if (!std::isnan(t1) && t1 >= r.time)
                r.apiTime = t1 - r.time;
            prompt.finish(m_s, r);
            if (m_keepText)
                m_s.text.requestBegin.push_back(static_cast<std::uint32_t>(m_s.text.partIndex.size()));
            for (std::size_t l : c.lines)
                for (const std::string& id : log.entries[l].toolUseIds)
                    m_requestOfToolUse.emplace(id, static_cast<std::int32_t>(m_s.requests.size()));
            m_s.requests.push_back(r);
        }
    }

    std::uint64_t duplicates() const { return m_duplicates; }
    // The request whose response holds this tool_use id, or -1.
    std::int32_t requestOfToolUse(const std::string& id) const
    {
        const auto it = m_requestOfToolUse.find(id);
        return it == m_requestOfToolUse.end() ? -1 : it->second;
    }

private:
    core::Session& m_s;
    std::vector<std::string>& m_warnings;
    std::set<std::string> m_seenCalls;
    std::unordered_map<std::string, std::int32_t> m_requestOfToolUse;
    bool m_keepText;
    std::map<std::tuple<const LogFile*, std::size_t, std::size_t>, std::uint32_t> m_partOf;

    // Each content part is kept once, however many prompts repeat it.
    void keepPart(const LogFile& log, std::size_t entry, std::size_t part)
    {
        auto [it, fresh] = m_partOf.emplace(std::make_tuple(&log, entry, part), std::uint32_t(m_s.text.parts.size()));
        if (fresh) {
            const auto& p = log.entries[entry].parts[part];
            m_s.text.parts.push_back({ p.kind, p.text.empty() ? std::string("[image]") : p.text });
        }
        m_s.text.partIndex.push_back(it->second);
    }
    std::uint64_t m_duplicates = 0;
};

std::string firstUserText(const LogFile& log)
{
    for (const Entry& e : log.entries)
        if (e.type == "user" && !e.parts.empty())
            return e.parts.front().text;
    return {};
}

std::string versionOf(const LogFile& log)
{
    for (const Entry& e : log.entries)
        if (!e.version.empty())
            return e.version;
    return {};
}

} // namespace

int ClaudeCodeImporter::probe(std::string_view head, std::string_view path) const
{
    const std::size_t i = head.find_first_not_of(" \t\r\n");
    if (i == std::string_view::npos || head[i] != '{')
        return 0;
    if (head.find("\"payload\"") != std::string_view::npos || head.find("\"hash_ids\"") != std::string_view::npos)
        return 0;
    const bool session = head.find("\"sessionId\"") != std::string_view::npos;
    const bool claudeish = head.find("\"parentUuid\"") != std::string_view::npos
        || head.find("\"leafUuid\"") != std::string_view::npos
        || head.find("\"isSidechain\"") != std::string_view::npos;
    if (!session && !claudeish)
        return 0;
    return 50 + (session ? 10 : 0) + (claudeish ? 10 : 0) + (path.ends_with(".jsonl") ? 5 : 0);
}

std::string ClaudeCodeImporter::companionOf(std::string_view head, std::string_view path) const
{
    const fs::path p(path);
    if (!isAgentFileName(p))
        return {};
    std::error_code ec;
    // <dir>/<sessionId>/subagents/.../agent-<id>.jsonl
    for (fs::path d = p.parent_path(); !d.empty() && d.has_filename(); d = d.parent_path()) {
        if (d.filename() == "subagents") {
            const fs::path main = d.parent_path().parent_path() / (d.parent_path().filename().string() + ".jsonl");
            if (fs::exists(main, ec))
                return main.string();
            break;
        }
    }
    // <dir>/agent-<id>.jsonl beside <dir>/<sessionId>.jsonl
    const std::string sid = sessionIdIn(head);
    if (!sid.empty()) {
        const fs::path main = p.parent_path() / (sid + ".jsonl");
        if (fs::exists(main, ec))
            return main.string();
    }
    return {};
}

core::Expected<ParseOutput> ClaudeCodeImporter::parse(const InputFile& file) const
{
    ParseOutput out;
    AgentSource mainSource;
    mainSource.log = claude::readLogFile(file);
    mainSource.agentKey = "main";
    mainSource.type = "main";
    out.warnings = mainSource.log.warnings;

    core::Session s;
    s.source = "claude-code";
    s.hashScope = "global"; // content hashes: equal prefixes are equal across sessions
    s.blockSize = kBlockSize;
    for (const Entry& e : mainSource.log.entries)
        if (s.name.empty() && !e.sessionId.empty())
            s.name = e.sessionId;
    if (s.name.empty()) {
        const std::string n = fs::path(file.path).filename().string();
        s.name = n.substr(0, n.find('.'));
    }
    const std::string version = versionOf(mainSource.log);

    core::Agent main;
    main.key = "main";
    main.type = "main";
    s.agents.push_back(main);
    SessionBuilder builder(s, out.warnings, file.keepText);

    // Main conversation; inline sidechains (before 2.0.28) become one agent per sidechain root.
    const std::vector<Call> mainCalls = claude::extractCalls(mainSource.log);
    std::vector<Call> mainOnly;
    std::map<std::string, std::vector<Call>> inlineAgents;
    for (const Call& c : mainCalls) {
        const Entry& first = mainSource.log.entries[c.lines.front()];
        if (!first.sidechain) {
            mainOnly.push_back(c);
            continue;
        }
        const std::string root = c.prompt.empty() ? first.uuid : mainSource.log.entries[c.prompt.front()].uuid;
        inlineAgents[root].push_back(c);
    }
    builder.addCalls(mainSource.log, mainOnly, 0, version);

    // Which call spawned which agent: the Task/Agent tool_use that a toolUseResult.agentId answers.
    // Agents may spawn agents (2.1.172+), so every transcript of the session is searched.
    std::vector<AgentSource> agentFiles = readSubagentFiles(fs::path(file.path), s.name, out.warnings);
    std::unordered_map<std::string, std::string> spawnToolOfAgent, spawnTypeOfAgent;
    auto collectSpawns = [&](const LogFile& log) {
        std::unordered_map<std::string, std::string> typeOfTool;
        for (const Entry& a : log.entries)
            for (const auto& [id, type] : a.spawns)
                typeOfTool[id] = type;
        for (const Entry& e : log.entries) {
            if (e.resultAgentId.empty() || e.toolUseIds.empty())
                continue;
            spawnToolOfAgent[e.resultAgentId] = e.toolUseIds.front();
            if (auto t = typeOfTool.find(e.toolUseIds.front()); t != typeOfTool.end())
                spawnTypeOfAgent[e.resultAgentId] = t->second;
        }
    };
    collectSpawns(mainSource.log);
    for (const AgentSource& a : agentFiles)
        collectSpawns(a.log);

    auto addAgent
        = [&](const std::string& key, const std::string& type, const LogFile& log, const std::vector<Call>& calls) {
              core::Agent a;
              a.parent = 0;
              a.depth = 1;
              a.key = key;
              a.type = type;
              a.spawnTime = calls.empty() || std::isnan(calls.front().startTime) ? 0.0 : calls.front().startTime;
              s.agents.push_back(a);
              builder.addCalls(log, calls, static_cast<std::uint32_t>(s.agents.size() - 1),
                  versionOf(log).empty() ? version : versionOf(log));
          };
    std::size_t inlineIndex = 0;
    for (const auto& [root, calls] : inlineAgents)
        addAgent("sidechain-" + std::to_string(++inlineIndex), "sidechain", mainSource.log, calls);

    for (AgentSource& a : agentFiles) {
        out.warnings.insert(out.warnings.end(), a.log.warnings.begin(), a.log.warnings.end());
        std::string type = a.type;
        if (type.empty())
            if (auto it = spawnTypeOfAgent.find(a.agentKey); it != spawnTypeOfAgent.end())
                type = it->second;
        if (type.empty())
            type = firstUserText(a.log) == "Warmup" ? "warmup" : "sub-agent";
        addAgent(a.agentKey, type, a.log, claude::extractCalls(a.log));
    }
    // Hang each agent under the agent whose call spawned it; depth follows the chain.
    for (core::Agent& a : s.agents) {
        const auto tool = spawnToolOfAgent.find(a.key);
        if (tool == spawnToolOfAgent.end())
            continue;
        const std::int32_t r = builder.requestOfToolUse(tool->second);
        if (r >= 0 && s.agents[s.requests[std::size_t(r)].agent].key != a.key) {
            a.spawnRequest = r;
            a.parent = static_cast<std::int32_t>(s.requests[std::size_t(r)].agent);
        }
    }
    for (core::Agent& a : s.agents) {
        a.depth = 0;
        for (std::int32_t p = a.parent; p >= 0 && a.depth < s.agents.size(); p = s.agents[std::size_t(p)].parent)
            ++a.depth;
    }
    if (builder.duplicates())
        out.warnings.push_back(file.path + ": " + std::to_string(builder.duplicates())
            + " API call(s) logged in more than one file, counted once");

    // Times stay absolute; relative ones (to the agent's start) are what trace writers need.
    for (core::Request& r : s.requests)
        r.relTime = r.time - s.agents[r.agent].spawnTime;
    for (std::size_t a = 1; a < s.agents.size(); ++a)
        s.agents[a].markerTime = s.agents[a].spawnTime;
    if (s.requests.empty())
        out.warnings.push_back(file.path + ": no API calls in this session");
    out.sessions.push_back(std::move(s));
    return out;
}

} // namespace kv::importers

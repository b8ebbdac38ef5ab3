// SPDX-License-Identifier: Apache-2.0
#include "claude_log.h"

#include "kv/core/hashing.h"
#include "kv/importers/json_line.h"

#include <charconv>
#include <cmath>
#include <ctime>
#include <nlohmann/json.hpp>
#include <unordered_map>
#include <unordered_set>

namespace kv::importers::claude {

using nlohmann::json;

double parseTimestamp(std::string_view s)
{
    // YYYY-MM-DDTHH:MM:SS[.fff][Z|+00:00]
    if (s.size() < 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') || s[13] != ':' || s[16] != ':')
        return core::kNoTime;
    auto num = [&](std::size_t at, std::size_t len) {
        int v = 0;
        const auto r = std::from_chars(s.data() + at, s.data() + at + len, v);
        return r.ec == std::errc() && r.ptr == s.data() + at + len ? v : -1;
    };
    std::tm tm {};
    tm.tm_year = num(0, 4) - 1900;
    tm.tm_mon = num(5, 2) - 1;
    tm.tm_mday = num(8, 2);
    tm.tm_hour = num(11, 2);
    tm.tm_min = num(14, 2);
    tm.tm_sec = num(17, 2);
    if (tm.tm_year < 0 || tm.tm_mon < 0 || tm.tm_mday < 0 || tm.tm_hour < 0 || tm.tm_min < 0 || tm.tm_sec < 0)
        return core::kNoTime;
    double frac = 0;
    if (s.size() > 20 && s[19] == '.') {
        double scale = 0.1;
        for (std::size_t i = 20; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); ++i, scale /= 10)
            frac += (s[i] - '0') * scale;
    }
    return double(timegm(&tm)) + frac;
}

namespace {

std::string str(const json& o, const char* key)
{
    return jsonString(o, key);
}

void addImage(Entry& e, const json& block)
{
    ContentPart p;
    p.kind = core::SegmentKind::Image;
    const json* src = block.contains("source") ? &block["source"] : nullptr;
    const std::string data = src && src->is_object() ? str(*src, "data") : std::string();
    p.opaqueHash = core::fnv1a64(data.empty() ? block.dump() : data);
    // Image tokens are not in the log; the usage-based scaling absorbs the error.
    p.opaqueTokens = 1600;
    e.parts.push_back(std::move(p));
}

void addText(Entry& e, core::SegmentKind kind, std::string text)
{
    if (!text.empty())
        e.parts.push_back({ kind, std::move(text), 0, 0 });
}

void readToolResult(Entry& e, const json& block)
{
    e.toolUseIds.push_back(str(block, "tool_use_id"));
    const auto it = block.find("content");
    if (it == block.end())
        return;
    if (it->is_string()) {
        addText(e, core::SegmentKind::ToolResult, it->get<std::string>());
    } else if (it->is_array()) {
        for (const json& b : *it) {
            if (!b.is_object())
                continue;
            if (str(b, "type") == "image")
                addImage(e, b);
            else
                addText(e, core::SegmentKind::ToolResult, b.contains("text") ? str(b, "text") : b.dump());
        }
    }
}

void readContent(Entry& e, const json& content, bool user)
{
    if (content.is_string()) {
        addText(
            e, e.compactSummary ? core::SegmentKind::Summary : core::SegmentKind::UserText, content.get<std::string>());
        return;
    }
    if (!content.is_array())
        return;
    for (const json& b : content) {
        if (!b.is_object())
            continue;
        const std::string type = str(b, "type");
        if (type == "text")
            addText(e,
                e.compactSummary ? core::SegmentKind::Summary
                    : user       ? core::SegmentKind::UserText
                                 : core::SegmentKind::AssistantText,
                str(b, "text"));
        else if (type == "thinking")
            addText(e, core::SegmentKind::Thinking, str(b, "thinking"));
        else if (type == "redacted_thinking")
            addText(e, core::SegmentKind::Thinking, str(b, "data"));
        else if (type == "tool_use") {
            const std::string name = str(b, "name");
            const json input = b.contains("input") ? b["input"] : json::object();
            addText(e, core::SegmentKind::ToolUse, name + " " + input.dump());
            e.toolUseIds.push_back(str(b, "id"));
            if (name == "Task" || name == "Agent")
                e.spawns.emplace_back(str(b, "id"), input.is_object() ? str(input, "subagent_type") : std::string());
        } else if (type == "tool_result")
            readToolResult(e, b);
        else if (type == "image")
            addImage(e, b);
        else
            addText(e, core::SegmentKind::Other, b.dump());
    }
}

} // namespace

LogFile readLogFile(const InputFile& file)
{
    LogFile log;
    log.path = file.path;
    JsonlReader reader(file);
    JsonlLine line;
    std::uint64_t unknown = 0, backwards = 0, firstBackwards = 0;
    double lastTime = core::kNoTime;
    while (reader.next(line)) {
        const std::optional<json> parsed = parseJsonLine(line, file.path, log.warnings);
        if (!parsed)
            continue;
        const json& j = *parsed;
        Entry e;
        e.line = line.number;
        e.type = str(j, "type");
        if (e.type != "user" && e.type != "assistant" && e.type != "system") {
            unknown += e.type.empty();
            continue; // summaries, snapshots, queue operations, progress, metadata: not prompt content
        }
        e.subtype = str(j, "subtype");
        e.uuid = str(j, "uuid");
        e.parentUuid = str(j, "parentUuid");
        e.sessionId = str(j, "sessionId");
        e.agentId = str(j, "agentId");
        e.version = str(j, "version");
        e.time = parseTimestamp(str(j, "timestamp"));
        e.sidechain = jsonFlag(j, "isSidechain");
        e.compactSummary = jsonFlag(j, "isCompactSummary");
        e.apiError = jsonFlag(j, "isApiErrorMessage");
        if (const auto tur = j.find("toolUseResult"); tur != j.end() && tur->is_object())
            e.resultAgentId = str(*tur, "agentId");
        const auto msg = j.find("message");
        if (msg != j.end() && msg->is_object()) {
            e.messageId = str(*msg, "id");
            e.model = str(*msg, "model");
            e.stopReason = str(*msg, "stop_reason");
            e.requestId = str(j, "requestId");
            if (const auto u = msg->find("usage"); u != msg->end() && u->is_object()) {
                e.hasUsage = true;
                e.inputTokens = jsonCount(*u, "input_tokens");
                e.cacheRead = jsonCount(*u, "cache_read_input_tokens");
                e.cacheWrite = jsonCount(*u, "cache_creation_input_tokens");
                e.outputTokens = jsonCount(*u, "output_tokens");
                if (const auto cc = u->find("cache_creation"); cc != u->end() && cc->is_object()) {
                    e.cacheWrite5m = jsonCount(*cc, "ephemeral_5m_input_tokens");
                    e.cacheWrite1h = jsonCount(*cc, "ephemeral_1h_input_tokens");
                } else {
                    e.cacheWrite5m = e.cacheWrite; // before 1.0.98 every cache write was a 5-minute one
                }
            }
            if (const auto c = msg->find("content"); c != msg->end())
                readContent(e, *c, e.type == "user");
        }
        if (!std::isnan(e.time)) {
            if (!std::isnan(lastTime) && e.time < lastTime && !backwards++)
                firstBackwards = line.number;
            lastTime = e.time;
        }
        log.entries.push_back(std::move(e));
    }
    // Calls are timed from their own branch, so an out-of-order line is harmless; say so anyway.
    if (backwards)
        log.warnings.push_back(file.path + ": line " + std::to_string(firstBackwards) + ": " + std::to_string(backwards)
            + " timestamp(s) earlier than the line before; requests are replayed in time order");
    if (unknown)
        log.warnings.push_back(file.path + ": " + std::to_string(unknown) + " line(s) without a \"type\"; skipped");
    return log;
}

std::vector<Call> extractCalls(const LogFile& log)
{
    const auto& es = log.entries;
    std::unordered_map<std::string, std::size_t> byUuid;
    for (std::size_t i = 0; i < es.size(); ++i)
        if (!es[i].uuid.empty())
            byUuid.emplace(es[i].uuid, i);

    // Group assistant lines into calls: one API response is written one content block per line.
    std::vector<Call> calls;
    std::unordered_map<std::string, std::size_t> callOfKey;
    std::vector<std::size_t> callOfLine(es.size(), SIZE_MAX);
    for (std::size_t i = 0; i < es.size(); ++i) {
        const Entry& e = es[i];
        if (e.type != "assistant" || e.apiError || e.model == "<synthetic>")
            continue;
        const std::string key = e.messageId.empty() ? "uuid:" + e.uuid : e.messageId + "|" + e.requestId;
        auto [it, fresh] = callOfKey.emplace(key, calls.size());
        if (fresh)
            calls.push_back(Call {});
        Call& c = calls[it->second];
        c.lines.push_back(i);
        callOfLine[i] = it->second;
        const Entry& best = es[c.usageLine];
        if (c.lines.size() == 1 || e.outputTokens > best.outputTokens
            || (e.outputTokens == best.outputTokens && (!e.stopReason.empty() || best.stopReason.empty())))
            c.usageLine = i;
    }
    // Tool results answering each call, in file order (parallel tool calls hang off different lines).
    std::vector<std::vector<std::size_t>> resultsOf(calls.size());
    for (std::size_t i = 0; i < es.size(); ++i) {
        if (es[i].type != "user")
            continue;
        const auto p = byUuid.find(es[i].parentUuid);
        if (p != byUuid.end() && callOfLine[p->second] != SIZE_MAX && !es[i].toolUseIds.empty())
            resultsOf[callOfLine[p->second]].push_back(i);
    }

    for (Call& c : calls) {
        const std::size_t first = c.lines.front();
        // Walk the branch back to its root (a compaction boundary has no parent).
        std::vector<std::size_t> chain;
        std::unordered_set<std::size_t> seen;
        for (auto it = byUuid.find(es[first].parentUuid); it != byUuid.end() && seen.insert(it->second).second;
             it = byUuid.find(es[it->second].parentUuid))
            chain.push_back(it->second);
        std::vector<bool> emitted(es.size(), false);
        for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
            const std::size_t i = *it;
            if (emitted[i])
                continue;
            if (callOfLine[i] != SIZE_MAX) {
                // The whole earlier response, then the results of its tool calls that precede this call.
                const std::size_t k = callOfLine[i];
                for (std::size_t l : calls[k].lines)
                    if (l < first && !emitted[l])
                        c.prompt.push_back(l), emitted[l] = true;
                for (std::size_t r : resultsOf[k])
                    if (r < first && !emitted[r])
                        c.prompt.push_back(r), emitted[r] = true;
            } else if (es[i].type == "user") {
                c.prompt.push_back(i);
                emitted[i] = true;
            }
        }
        const std::size_t last = chain.empty() ? first : chain.front();
        c.startTime = std::isnan(es[last].time) ? es[first].time : es[last].time;
    }
    return calls;
}

} // namespace kv::importers::claude

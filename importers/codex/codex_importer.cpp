// SPDX-License-Identifier: Apache-2.0
#include "kv/importers/codex_importer.h"

#include "claude_code/claude_log.h" // parseTimestamp
#include "kv/core/hashing.h"
#include "kv/core/prompt_chunker.h"
#include "kv/importers/json_line.h"
#include "kv/importers/prompt_builder.h"

#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>

namespace kv::importers {

using core::SegmentKind;
using nlohmann::json;

namespace {

std::string str(const json& o, const char* key)
{
    return jsonString(o, key);
}

// One model-visible item of the history, as text for the pre-tokenizer (or opaque).
struct Item
{
    SegmentKind kind;
    std::string text;
    std::uint64_t opaqueHash = 0;
    std::uint64_t opaqueTokens = 0;
    bool input = true; // user/developer/tool output (prompt side) vs the model's own output
};

void appendItems(const json& p, std::vector<Item>& out)
{
    const std::string type = str(p, "type");
    if (type == "message") {
        const std::string role = str(p, "role");
        const bool assistant = role == "assistant";
        const SegmentKind kind = assistant ? SegmentKind::AssistantText
            : role == "user"               ? SegmentKind::UserText
                                           : SegmentKind::System; // developer and system messages
        const auto c = p.find("content");
        if (c == p.end())
            return;
        if (c->is_string()) {
            out.push_back({ kind, c->get<std::string>(), 0, 0, !assistant });
            return;
        }
        if (!c->is_array())
            return;
        for (const json& b : *c) {
            if (!b.is_object())
                continue;
            const std::string bt = str(b, "type");
            if (bt == "input_image")
                out.push_back({ SegmentKind::Image, {}, core::fnv1a64(str(b, "image_url")), 1600, true });
            else
                out.push_back({ kind, str(b, "text"), 0, 0, !assistant });
        }
    } else if (type == "reasoning") {
        std::string text;
        if (const auto s = p.find("summary"); s != p.end() && s->is_array())
            for (const json& b : *s)
                if (b.is_object())
                    text += str(b, "text") + "\n";
        out.push_back({ SegmentKind::Thinking, text, 0, 0, false });
        // Encrypted reasoning is sent back to the model: opaque, about 4 bytes a token.
        const std::string enc = str(p, "encrypted_content");
        if (!enc.empty())
            out.push_back({ SegmentKind::Thinking, {}, core::fnv1a64(enc), enc.size() / 4 + 1, false });
    } else if (type == "function_call" || type == "custom_tool_call" || type == "local_shell_call"
        || type == "web_search_call" || type == "tool_search_call" || type == "image_generation_call") {
        std::string text = str(p, "name");
        for (const char* key : { "arguments", "input" })
            text += " " + str(p, key);
        if (const auto a = p.find("action"); a != p.end())
            text += " " + a->dump();
        out.push_back({ SegmentKind::ToolUse, text, 0, 0, false });
    } else if (type == "function_call_output" || type == "custom_tool_call_output" || type == "tool_search_output") {
        const auto o = p.find("output");
        out.push_back({ SegmentKind::ToolResult,
            o == p.end()         ? std::string()
                : o->is_string() ? o->get<std::string>()
                                 : o->dump(),
            0, 0, true });
    } else if (type == "compaction" || type == "context_compaction") {
        out.push_back({ SegmentKind::Summary, p.dump(), 0, 0, true });
    } else if (!type.empty()) {
        out.push_back({ SegmentKind::Other, p.dump(), 0, 0, true });
    }
}

struct Usage
{
    std::uint64_t input = 0, cached = 0, output = 0;
    bool operator==(const Usage&) const = default;
};

Usage usageOf(const json& u)
{
    return { jsonCount(u, "input_tokens"), jsonCount(u, "cached_input_tokens"), jsonCount(u, "output_tokens") };
}

} // namespace

int CodexImporter::probe(std::string_view head, std::string_view path) const
{
    const std::size_t i = head.find_first_not_of(" \t\r\n");
    if (i == std::string_view::npos || head[i] != '{')
        return 0;
    const std::string_view first = head.substr(i, head.find('\n', i) - i);
    const bool rollout = path.find("rollout-") != std::string_view::npos;
    if (first.find("\"session_meta\"") != std::string_view::npos || first.find("\"payload\"") != std::string_view::npos)
        return 80 + (rollout ? 5 : 0);
    // Legacy: a bare session meta line, then bare response items.
    if (first.find("\"id\"") != std::string_view::npos && first.find("\"timestamp\"") != std::string_view::npos
        && head.find("\"role\"") != std::string_view::npos
        && (head.find("\"input_text\"") != std::string_view::npos
            || head.find("\"output_text\"") != std::string_view::npos))
        return 55 + (rollout ? 10 : 0);
    return 0;
}

std::string CodexImporter::companionOf(std::string_view, std::string_view path) const
{
    // A plain rollout hides its compressed sibling.
    if (!path.ends_with(".jsonl.zst"))
        return {};
    const std::string plain(path.substr(0, path.size() - 4));
    std::error_code ec;
    return std::filesystem::exists(plain, ec) ? plain : std::string();
}

core::Expected<ParseOutput> CodexImporter::parse(const InputFile& file) const
{
    ParseOutput out;
    core::Session s;
    s.source = "codex";
    s.hashScope = "global";
    s.blockSize = kBlockSize;
    core::Agent main;
    main.key = "main";
    main.type = "main";
    s.agents.push_back(main);

    std::string instructions, version, model = "gpt-5"; // ccusage's default when no turn_context precedes usage
    std::vector<Item> history;
    std::size_t boundary = 0; // history items before the current request's prompt end
    double requestStart = core::kNoTime, lastTime = core::kNoTime;
    bool haveTotals = false, sawUsage = false;
    Usage prevTotal;
    std::uint64_t repeats = 0, zero = 0, backwards = 0;
    PromptBuilder prompt(kBlockSize);
    std::uint64_t systemUnits = 0;
    bool firstCall = true;

    // --keep-text: every history item's text once, and per request the items of its prompt.
    std::vector<std::uint32_t> historyPart;
    std::int64_t instructionsPart = -1;
    if (file.keepText)
        s.text.requestBegin.push_back(0);
    auto keepText = [&] {
        if (!file.keepText)
            return;
        if (instructionsPart < 0 && !instructions.empty()) {
            instructionsPart = std::int64_t(s.text.parts.size());
            s.text.parts.push_back({ SegmentKind::System, instructions });
        }
        historyPart.resize(std::min(historyPart.size(), history.size()));
        while (historyPart.size() < history.size()) {
            const Item& it = history[historyPart.size()];
            historyPart.push_back(static_cast<std::uint32_t>(s.text.parts.size()));
            s.text.parts.push_back({ it.kind, it.text.empty() ? std::string("[opaque]") : it.text });
        }
        if (instructionsPart >= 0)
            s.text.partIndex.push_back(static_cast<std::uint32_t>(instructionsPart));
        for (std::size_t i = 0; i < boundary; ++i)
            s.text.partIndex.push_back(historyPart[i]);
        s.text.requestBegin.push_back(static_cast<std::uint32_t>(s.text.partIndex.size()));
    };

    auto emitCall = [&](const Usage& u, double endTime, bool reported) {
        keepText();
        const std::uint64_t seed = core::fnv1a64("codex|" + version + "|" + s.agents[0].type);
        prompt.start(core::fnv1a64(model)); // KV caches are per model
        if (firstCall) {
            std::uint64_t content = core::PromptChunker::countTokens(instructions);
            for (std::size_t i = 0; i < boundary; ++i)
                content += history[i].text.empty() ? history[i].opaqueTokens
                                                   : core::PromptChunker::countTokens(history[i].text);
            systemUnits = reported && u.input > content ? u.input - content : 0; // tool definitions the log lacks
            s.agents[0].systemTokens = static_cast<std::uint32_t>(systemUnits);
            firstCall = false;
        }
        if (!instructions.empty())
            prompt.addText(SegmentKind::System, instructions);
        if (systemUnits)
            prompt.addSynthetic(SegmentKind::Tools, seed, systemUnits);
        for (std::size_t i = 0; i < boundary; ++i) {
            const Item& it = history[i];
            if (it.text.empty())
                prompt.addSynthetic(it.kind, it.opaqueHash, it.opaqueTokens);
            else
                prompt.addText(it.kind, it.text);
        }
        core::Request r;
        r.agent = 0;
        r.time = std::isnan(requestStart) ? (std::isnan(endTime) ? 0.0 : endTime) : requestStart;
        r.relTime = r.time;
        if (!std::isnan(endTime) && endTime >= r.time)
            r.apiTime = endTime - r.time;
        r.model = s.strings.intern(model);
        // A call whose output asks for tools continues the loop; one without ends the turn.
        bool tools = false;
        for (std::size_t i = boundary; i < history.size(); ++i)
            tools |= history[i].kind == SegmentKind::ToolUse;
        r.stop = s.strings.intern(tools ? "tool_use" : "end_turn");
        r.inputTokens = reported ? u.input : prompt.units();
        r.outputTokens = u.output;
        r.hasReportedUsage = reported;
        r.reportedCacheRead = std::min(u.cached, u.input);
        r.reportedUncached = u.input - r.reportedCacheRead;
        prompt.finish(s, r);
        s.requests.push_back(r);
    };

    JsonlReader reader(file);
    JsonlLine line;
    bool legacy = false, firstLine = true;
    while (reader.next(line)) {
        std::optional<json> parsed = parseJsonLine(line, file.path, out.warnings);
        if (!parsed)
            continue;
        json& j = *parsed;
        const bool envelope = j.contains("payload") && j.contains("type");
        if (firstLine && !envelope && j.contains("id")) {
            legacy = true; // bare SessionMeta
            s.name = str(j, "id");
            instructions = str(j, "instructions");
            version = str(j, "cli_version");
            firstLine = false;
            continue;
        }
        firstLine = false;
        const double t = claude::parseTimestamp(str(j, "timestamp"));
        if (!std::isnan(t) && !std::isnan(lastTime) && t < lastTime)
            ++backwards;
        if (!std::isnan(t))
            lastTime = t;
        if (!envelope) {
            if (j.contains("type") && j.contains("role") == (str(j, "type") == "message")) {
                appendItems(j, history);
                if (legacy && !history.empty() && !history.back().input) {
                    // Legacy files carry no usage: each model output ends a call with what came before it.
                    boundary = history.size() - 1;
                    while (boundary > 0 && !history[boundary - 1].input)
                        --boundary;
                    if (history.size() == boundary + 1)
                        emitCall({}, t, false);
                }
            }
            continue;
        }
        const std::string type = str(j, "type");
        const json& p = j["payload"];
        if (!p.is_object())
            continue;
        if (type == "session_meta") {
            if (s.name.empty())
                s.name = str(p, "id");
            if (version.empty())
                version = str(p, "cli_version");
            if (instructions.empty()) {
                instructions = str(p, "instructions");
                if (const auto b = p.find("base_instructions"); b != p.end() && b->is_object())
                    instructions = str(*b, "text");
            }
            if (const auto src = p.find("source"); src != p.end() && src->is_object() && src->contains("subagent"))
                s.agents[0].type = "subagent";
        } else if (type == "turn_context") {
            model = str(p, "model").empty() ? model : str(p, "model");
            boundary = history.size();
            requestStart = t;
        } else if (type == "response_item") {
            appendItems(p, history);
        } else if (type == "compacted") {
            // The model-visible history is replaced by the compaction's replacement.
            history.clear();
            historyPart.clear();
            if (const auto rh = p.find("replacement_history"); rh != p.end() && rh->is_array())
                for (const json& item : *rh)
                    if (item.is_object())
                        appendItems(item, history);
            if (const std::string msg = str(p, "message"); !msg.empty())
                history.push_back({ SegmentKind::Summary, msg, 0, 0, true });
            boundary = history.size();
        } else if (type == "event_msg" && (str(p, "type") == "task_started" || str(p, "type") == "token_count")) {
            // The model's context window: on task_started and inside token_count's info.
            const auto window = [&](const json& o) {
                if (const auto w = o.find("model_context_window");
                    w != o.end() && w->is_number_integer() && w->get<std::int64_t>() > 0)
                    s.contextWindow = w->get<std::uint64_t>();
            };
            window(p);
            if (str(p, "type") == "task_started")
                continue;
            const auto info = p.find("info");
            if (info == p.end() || !info->is_object())
                continue;
            window(*info);
            const Usage total = info->contains("total_token_usage") ? usageOf((*info)["total_token_usage"]) : Usage {};
            if (haveTotals && total == prevTotal) {
                ++repeats;
                continue;
            }
            Usage last;
            if (info->contains("last_token_usage") && (*info)["last_token_usage"].is_object())
                last = usageOf((*info)["last_token_usage"]);
            else if (haveTotals)
                last = { total.input - prevTotal.input, total.cached - prevTotal.cached,
                    total.output - prevTotal.output };
            else
                last = total;
            prevTotal = total;
            haveTotals = true;
            if (last.input == 0 && last.output == 0) {
                ++zero; // e.g. the token_count written at a compaction
                continue;
            }
            sawUsage = true;
            if (boundary > history.size())
                boundary = history.size();
            emitCall(last, t, true);
            requestStart = core::kNoTime;
        }
    }
    if (s.name.empty()) {
        const std::string n = std::filesystem::path(file.path).filename().string();
        s.name = n.substr(0, n.find('.'));
    }
    if (backwards)
        out.warnings.push_back(
            file.path + ": " + std::to_string(backwards) + " timestamp(s) earlier than the line before");
    if (!sawUsage && !legacy && s.requests.empty())
        out.warnings.push_back(file.path + ": no token_count usage events: no API calls to replay");
    (void)repeats;
    (void)zero;
    out.sessions.push_back(std::move(s));
    return out;
}

} // namespace kv::importers

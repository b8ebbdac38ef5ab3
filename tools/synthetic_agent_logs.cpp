// SPDX-License-Identifier: Apache-2.0
#include "synthetic_agent_logs.h"

#include "kv/core/prompt_chunker.h"
#include "kv/core/synthetic_session.h"

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace kv::tools {

using nlohmann::ordered_json;

namespace {

const char* kWords[] = { "the", "cache", "block", "request", "prefix", "token", "agent", "file", "read", "write",
    "function", "test", "build", "error", "value", "return", "memory", "server", "latency", "replay", "config",
    "module", "import", "parse", "store", "query", "result", "update", "session", "thread" };

class Text
{
public:
    explicit Text(std::uint64_t seed)
        : m_rng(seed)
    {
    }
    std::string words(std::uint64_t n)
    {
        std::string s;
        for (std::uint64_t i = 0; i < n; ++i) {
            s += kWords[m_rng.range(0, std::size(kWords) - 1)];
            s += (i + 1) % 12 == 0 ? ".\n" : " ";
        }
        return s;
    }
    core::SplitMix64& rng() { return m_rng; }

private:
    core::SplitMix64 m_rng;
};

std::string isoTime(double t)
{
    const auto secs = static_cast<std::time_t>(t);
    std::tm tm {};
    gmtime_r(&secs, &tm);
    char buf[80];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
        tm.tm_hour, tm.tm_min, tm.tm_sec, int((t - double(secs)) * 1000 + 0.5) % 1000);
    return buf;
}

std::string uuid(core::SplitMix64& rng)
{
    char buf[40];
    const std::uint64_t a = rng.next(), b = rng.next();
    std::snprintf(buf, sizeof buf, "%08x-%04x-4%03x-8%03x-%012llx", unsigned(a >> 32), unsigned(a >> 16) & 0xffff,
        unsigned(a) & 0xfff, unsigned(b >> 48) & 0xfff, static_cast<unsigned long long>(b & 0xffffffffffffULL));
    return buf;
}

// Usage as a provider with a 5-minute prompt cache reports it: what the previous call of the
// same conversation cached is read back if it was used within 5 minutes.
struct ProviderCache
{
    std::uint64_t cached = 0;
    double lastUse = -1e18;
    ordered_json usage(std::uint64_t prompt, double t)
    {
        const std::uint64_t read = t - lastUse <= 300 ? std::min(cached, prompt) : 0;
        cached = prompt;
        lastUse = t;
        const std::uint64_t write = prompt - read - 3;
        return { { "input_tokens", 3 }, { "cache_creation_input_tokens", write }, { "cache_read_input_tokens", read },
            { "cache_creation", { { "ephemeral_5m_input_tokens", write }, { "ephemeral_1h_input_tokens", 0 } } },
            { "output_tokens", 0 } };
    }
};

class ClaudeWriter
{
public:
    ClaudeWriter(std::ofstream& out, std::string sessionId, std::string agentId, std::uint64_t seed, double t0,
        std::uint64_t systemTokens)
        : m_out(out)
        , m_session(std::move(sessionId))
        , m_agent(std::move(agentId))
        , m_text(seed)
        , m_t(t0)
        , m_system(systemTokens)
    {
    }
    double now() const { return m_t; }
    void wait(double s) { m_t += s; }
    std::string user(const std::string& text, bool compactSummary = false)
    {
        ordered_json e = base("user");
        e["message"] = { { "role", "user" }, { "content", text } };
        if (compactSummary) {
            e["isCompactSummary"] = true;
            e["isVisibleInTranscriptOnly"] = true;
        }
        return write(e, text);
    }
    // One API call: optional text, then tool calls in parallel, each on its own line.
    std::vector<std::string> assistant(const std::string& text, int tools, const char* toolName = "Read")
    {
        wait(2 + double(m_text.rng().range(0, 40)) / 10);
        const std::string msgId = "msg_" + std::to_string(m_text.rng().next() % 100000000);
        const std::string reqId = "req_" + std::to_string(m_text.rng().next() % 100000000);
        ordered_json usage = m_cache.usage(m_system + m_prompt, m_t);
        std::vector<std::string> ids;
        auto line = [&](ordered_json content, bool last, std::uint64_t outTokens) {
            ordered_json e = base("assistant");
            usage["output_tokens"] = outTokens;
            e["message"] = { { "model", m_model }, { "id", msgId }, { "type", "message" }, { "role", "assistant" },
                { "content", ordered_json::array({ content }) },
                { "stop_reason", !last ? ordered_json(nullptr) : ordered_json(tools ? "tool_use" : "end_turn") },
                { "usage", usage } };
            e["requestId"] = reqId;
            write(e, content.contains("text") ? content["text"].get<std::string>() : content.dump());
        };
        if (!text.empty())
            line({ { "type", "text" }, { "text", text } }, tools == 0, 20);
        for (int i = 0; i < tools; ++i) {
            const std::string id = "toolu_" + std::to_string(m_text.rng().next() % 1000000000);
            ids.push_back(id);
            line({ { "type", "tool_use" }, { "id", id }, { "name", toolName },
                     { "input", { { "file_path", "/work/demo/" + m_text.words(1) + ".cpp" } } } },
                i + 1 == tools, 60 + 10 * i);
        }
        return ids;
    }
    // Tool results, each answering its own tool_use line (parallel calls).
    void results(const std::vector<std::string>& ids, std::uint64_t wordsEach)
    {
        wait(1);
        for (std::size_t i = 0; i < ids.size(); ++i) {
            const std::string body = m_text.words(wordsEach);
            ordered_json e = base("user");
            e["parentUuid"] = m_toolLines.at(i);
            e["message"] = { { "role", "user" },
                { "content",
                    ordered_json::array(
                        { { { "tool_use_id", ids[i] }, { "type", "tool_result" }, { "content", body } } }) } };
            write(e, body);
        }
    }
    void result(const std::string& id, const std::string& body, const std::string& agentId)
    {
        ordered_json e = base("user");
        e["message"] = { { "role", "user" },
            { "content",
                ordered_json::array({ { { "tool_use_id", id }, { "type", "tool_result" }, { "content", body } } }) } };
        e["toolUseResult"] = { { "status", "completed" }, { "agentId", agentId } };
        write(e, body);
    }
    void compact()
    {
        ordered_json e = base("system");
        e["subtype"] = "compact_boundary";
        e["content"] = "Conversation compacted";
        e["logicalParentUuid"] = m_last;
        e["parentUuid"] = nullptr;
        e["compactMetadata"] = { { "trigger", "auto" }, { "preTokens", m_system + m_prompt } };
        m_prompt = 0;
        write(e, "");
        m_prompt = 0;
    }
    Text& text() { return m_text; }
    void setModel(std::string m) { m_model = std::move(m); }

private:
    ordered_json base(const char* type)
    {
        ordered_json e;
        e["parentUuid"] = m_last.empty() ? ordered_json(nullptr) : ordered_json(m_last);
        e["isSidechain"] = !m_agent.empty();
        e["userType"] = "external";
        e["cwd"] = "/work/demo";
        e["sessionId"] = m_session;
        e["version"] = "2.1.30";
        if (!m_agent.empty())
            e["agentId"] = m_agent;
        e["type"] = type;
        e["uuid"] = uuid(m_text.rng());
        e["timestamp"] = isoTime(m_t);
        return e;
    }
    std::string write(const ordered_json& e, const std::string& text)
    {
        m_out << e.dump() << '\n';
        m_last = e["uuid"].get<std::string>();
        m_prompt += core::PromptChunker::countTokens(text);
        if (e["type"] == "assistant" && e["message"]["content"][0]["type"] == "tool_use")
            m_toolLines.push_back(m_last);
        else if (e["type"] == "assistant")
            m_toolLines.clear();
        return m_last;
    }

    std::ofstream& m_out;
    std::string m_session, m_agent;
    Text m_text;
    double m_t;
    std::uint64_t m_system;
    std::uint64_t m_prompt = 0;
    std::string m_last;
    std::string m_model = "claude-sonnet-4-5";
    std::vector<std::string> m_toolLines;
    ProviderCache m_cache;

public:
    void newCall() { m_toolLines.clear(); }
};

} // namespace

void writeSyntheticClaudeSession(const std::filesystem::path& dir, std::uint64_t seed)
{
    core::SplitMix64 ids(seed);
    const std::string session = uuid(ids);
    const std::string agentId = "a" + std::to_string(ids.next() % 10000000);
    std::filesystem::create_directories(dir / session / "subagents");
    std::ofstream main(dir / (session + ".jsonl"), std::ios::binary);
    const double t0 = 1767261600.0; // 2026-01-01 10:00 UTC
    ClaudeWriter w(main, session, "", seed, t0, 14000);
    w.user("Please look at the replay code and " + w.text().words(40));
    for (int turn = 0; turn < 14; ++turn) {
        w.newCall();
        const auto ids1 = w.assistant(w.text().words(15), turn % 3 == 0 ? 3 : 1);
        w.results(ids1, 120 + 40 * (turn % 4));
        if (turn == 4) {
            // Spawn an Explore sub-agent through the Task tool; its transcript is its own file.
            w.newCall();
            const auto spawn = w.assistant("Let me explore the code base first.", 1, "Task");
            std::ofstream agentOut(dir / session / "subagents" / ("agent-" + agentId + ".jsonl"), std::ios::binary);
            ClaudeWriter a(agentOut, session, agentId, seed + 1, w.now() + 0.5, 5000);
            a.setModel("claude-haiku-4-5");
            a.user("Explore the repository and summarise " + a.text().words(20));
            for (int k = 0; k < 6; ++k) {
                a.newCall();
                a.results(a.assistant(a.text().words(8), 2), 150);
            }
            a.newCall();
            a.assistant("Summary: " + a.text().words(80), 0);
            std::ofstream(dir / session / "subagents" / ("agent-" + agentId + ".meta.json"))
                << R"({"agentType":"Explore","description":"Explore the repository"})";
            w.wait(a.now() - w.now() + 1);
            w.result(spawn.at(0), "Summary: " + w.text().words(80), agentId);
        }
        if (turn == 7) {
            w.newCall();
            w.assistant("Done with this part. " + w.text().words(30), 0);
            w.wait(2 * 3600); // the user comes back two hours later: the provider cache is cold
            w.user("Back again: " + w.text().words(25));
        }
        if (turn == 10) {
            w.compact();
            w.user("This session is being continued from a previous conversation that ran out of context. "
                    + w.text().words(150),
                true);
            w.user("Continue with the tests " + w.text().words(10));
        }
        w.wait(double(w.text().rng().range(2, 40)));
    }
    w.newCall();
    w.assistant("All done. " + w.text().words(40), 0);
}

void writeSyntheticCodexRollout(const std::filesystem::path& dir, std::uint64_t seed)
{
    Text text(seed);
    const std::string id = "019c0000-" + uuid(text.rng()).substr(9);
    const std::filesystem::path day = dir / "2026" / "01" / "02";
    std::filesystem::create_directories(day);
    std::ofstream out(day / ("rollout-2026-01-02T09-00-00-" + id + ".jsonl"), std::ios::binary);
    double t = 1767344400.0; // 2026-01-02 09:00 UTC
    std::uint64_t prompt = 0, total = 0, totalOut = 0;
    ProviderCache cache;
    auto line = [&](const char* type, ordered_json payload) {
        out << ordered_json { { "timestamp", isoTime(t) }, { "type", type }, { "payload", std::move(payload) } }.dump()
            << '\n';
    };
    auto message = [&](const char* role, const std::string& body) {
        prompt += core::PromptChunker::countTokens(body);
        line("response_item",
            { { "type", "message" }, { "role", role },
                { "content",
                    ordered_json::array({ { { "type", std::string(role) == "assistant" ? "output_text" : "input_text" },
                        { "text", body } } }) } });
    };
    const std::string instructions = "You are Codex, a coding agent. " + text.words(300);
    line("session_meta",
        { { "id", id }, { "timestamp", isoTime(t) }, { "cwd", "/work/demo" }, { "originator", "codex_cli_rs" },
            { "cli_version", "0.110.0" }, { "source", "cli" }, { "base_instructions", { { "text", instructions } } } });
    prompt += core::PromptChunker::countTokens(instructions) + 6000; // tool definitions are not in the log
    message("developer", "<permissions> " + text.words(80));
    message("user", "Fix the failing replay test " + text.words(30));
    for (int k = 0; k < 24; ++k) {
        if (k == 12) {
            // The assistant answers without a tool call, ending its turn; the person comes back
            // half an hour later with the next task (the pause a 5-minute TTL cannot bridge).
            t += 3;
            line("turn_context", { { "cwd", "/work/demo" }, { "model", "gpt-5.3-codex" }, { "effort", "medium" } });
            t += 3;
            const std::string answer = "The replay test passes now. " + text.words(40);
            message("assistant", answer);
            prompt += core::PromptChunker::countTokens(answer);
            ordered_json u = cache.usage(prompt, t);
            const std::uint64_t in = u["input_tokens"].get<std::uint64_t>()
                + u["cache_creation_input_tokens"].get<std::uint64_t>()
                + u["cache_read_input_tokens"].get<std::uint64_t>();
            total += in;
            totalOut += 120;
            line("event_msg",
                { { "type", "token_count" },
                    { "info",
                        { { "total_token_usage",
                              { { "input_tokens", total }, { "cached_input_tokens", 0 },
                                  { "output_tokens", totalOut } } },
                            { "last_token_usage",
                                { { "input_tokens", in },
                                    { "cached_input_tokens", u["cache_read_input_tokens"].get<std::uint64_t>() },
                                    { "output_tokens", 120 } } },
                            { "model_context_window", 258400 } } } });
            t += 1800;
            const std::string next = "Now make the import twice as fast " + text.words(20);
            message("user", next);
            prompt += core::PromptChunker::countTokens(next);
        }
        t += 2 + double(text.rng().range(0, 30));
        line("turn_context", { { "cwd", "/work/demo" }, { "model", "gpt-5.3-codex" }, { "effort", "medium" } });
        t += 3;
        const std::string reasoning = text.words(30);
        line("response_item",
            { { "type", "reasoning" },
                { "summary", ordered_json::array({ { { "type", "summary_text" }, { "text", reasoning } } }) } });
        prompt += core::PromptChunker::countTokens(reasoning);
        const int calls = k % 4 == 0 ? 2 : 1;
        for (int c = 0; c < calls; ++c) {
            const std::string args = R"({"cmd":"rg )" + text.words(3) + R"("})";
            line("response_item",
                { { "type", "function_call" }, { "name", "exec_command" }, { "arguments", args },
                    { "call_id", "call_" + std::to_string(k * 10 + c) } });
            prompt += core::PromptChunker::countTokens(args) + 2;
        }
        ordered_json u = cache.usage(prompt, t);
        const std::uint64_t in = u["input_tokens"].get<std::uint64_t>()
            + u["cache_creation_input_tokens"].get<std::uint64_t>() + u["cache_read_input_tokens"].get<std::uint64_t>();
        const std::uint64_t cached = u["cache_read_input_tokens"].get<std::uint64_t>();
        const std::uint64_t o = 80 + text.rng().range(0, 400);
        total += in;
        totalOut += o;
        line("event_msg",
            { { "type", "token_count" },
                { "info",
                    { { "total_token_usage",
                          { { "input_tokens", total }, { "cached_input_tokens", 0 }, { "output_tokens", totalOut } } },
                        { "last_token_usage",
                            { { "input_tokens", in }, { "cached_input_tokens", cached }, { "output_tokens", o } } },
                        { "model_context_window", 258400 } } } });
        t += 1;
        for (int c = 0; c < calls; ++c) {
            const std::string output = text.words(100 + 20 * c);
            line("response_item",
                { { "type", "function_call_output" }, { "call_id", "call_" + std::to_string(k * 10 + c) },
                    { "output", output } });
            prompt += core::PromptChunker::countTokens(output);
        }
        if (k == 18) {
            // Compaction: the history is replaced by a summary and the context drops.
            const std::string summary = "Summary of the work so far: " + text.words(120);
            line("compacted",
                { { "message", "" },
                    { "replacement_history",
                        ordered_json::array({ { { "type", "message" }, { "role", "user" },
                            { "content",
                                ordered_json::array({ { { "type", "input_text" }, { "text", summary } } }) } } }) } });
            prompt = core::PromptChunker::countTokens(instructions) + 6000 + core::PromptChunker::countTokens(summary);
        }
    }
}

} // namespace kv::tools

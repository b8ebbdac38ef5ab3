// SPDX-License-Identifier: Apache-2.0
// Codex rollouts: one request per new token_count (repeats and zero usage skipped), model from
// turn_context, prompt as of the request's turn_context, compaction replacing the history, and
// the legacy bare format.
#include "kv/core/session_analysis.h"
#include "kv/importers/codex_importer.h"
#include "kv/importers/importer_registry.h"
#include "test_support.h"

#include <gtest/gtest.h>

using namespace kv;
using core::SegmentKind;

namespace {

core::Expected<importers::ParseOutput> parseText(
    const std::string& text, const std::string& name = "rollout-x.jsonl", bool keepText = false)
{
    importers::InputFile f;
    f.keepText = keepText;
    f.path = name;
    f.bytes = text;
    f.bytes.reserve(text.size() + importers::kInputPadding);
    return importers::CodexImporter().parse(f);
}

std::string tokenCount(int totalIn, int totalOut, int lastIn, int lastCached, int lastOut, const char* ts)
{
    return std::string(R"({"timestamp":")") + ts
        + R"(","type":"event_msg","payload":{"type":"token_count","info":{"total_token_usage":{"input_tokens":)"
        + std::to_string(totalIn) + R"(,"cached_input_tokens":0,"output_tokens":)" + std::to_string(totalOut)
        + R"(},"last_token_usage":{"input_tokens":)" + std::to_string(lastIn) + R"(,"cached_input_tokens":)"
        + std::to_string(lastCached) + R"(,"output_tokens":)" + std::to_string(lastOut) + "}}}}\n";
}

std::string item(const char* role, const std::string& text, const char* ts)
{
    return std::string(R"({"timestamp":")") + ts + R"(","type":"response_item","payload":{"type":"message","role":")"
        + role + R"(","content":[{"type":")" + (std::string(role) == "assistant" ? "output_text" : "input_text")
        + R"(","text":")" + text + "\"}]}}\n";
}

std::string turnContext(const char* model, const char* ts)
{
    return std::string(R"({"timestamp":")") + ts + R"(","type":"turn_context","payload":{"model":")" + model + "\"}}\n";
}

std::string words(int n)
{
    std::string s;
    for (int i = 0; i < n; ++i)
        s += "word" + std::to_string(i % 97) + " ";
    return s;
}

} // namespace

TEST(CodexImporter, CallsFromTokenCountsWithCompaction)
{
    std::string log;
    log += R"({"timestamp":"2026-02-23T11:00:00.000Z","type":"session_meta","payload":{"id":"s-codex","cli_version":"0.104.0","base_instructions":{"text":"You are Codex, a coding agent."}}})"
           "\n";
    log += item("user", words(300), "2026-02-23T11:00:01.000Z");
    log += turnContext("gpt-5.3-codex", "2026-02-23T11:00:02.000Z");
    log += R"({"timestamp":"2026-02-23T11:00:02.100Z","type":"event_msg","payload":{"type":"token_count","info":null}})"
           "\n";
    log += item("assistant", words(50), "2026-02-23T11:00:05.000Z");
    log += tokenCount(2000, 10, 2000, 0, 10, "2026-02-23T11:00:05.100Z");
    log += item("user", words(200), "2026-02-23T11:01:00.000Z");
    log += turnContext("gpt-5.3-codex", "2026-02-23T11:01:01.000Z");
    log += tokenCount(2000, 10, 2000, 0, 10, "2026-02-23T11:01:01.100Z"); // a repeat
    log += item("assistant", words(20), "2026-02-23T11:01:04.000Z");
    log += tokenCount(5000, 30, 3000, 1900, 20, "2026-02-23T11:01:04.100Z");
    log += tokenCount(5000, 30, 0, 0, 0, "2026-02-23T11:02:00.000Z"); // zero usage at the compaction
    log += R"({"timestamp":"2026-02-23T11:02:00.100Z","type":"compacted","payload":{"message":"","replacement_history":[{"type":"message","role":"user","content":[{"type":"input_text","text":"summary of the work so far"}]}]}})"
           "\n";
    log += turnContext("gpt-5.4", "2026-02-23T11:02:01.000Z");
    log += tokenCount(5400, 35, 400, 0, 5, "2026-02-23T11:02:03.000Z");
    log += "{\"timestamp\":\"2026-02-23T11:02:04.000Z\",\"type\":\"brand_new\",\"payload\":{}}\n";
    log += R"({"timestamp":"2026-02-23T11:02:05.000Z","type":"event_msg","payload":{"type":"token_co)";
    auto r = parseText(log, "rollout-x.jsonl", true);
    ASSERT_TRUE(r.ok()) << r.message();
    ASSERT_EQ(r->warnings.size(), 1u);
    EXPECT_NE(r->warnings[0].find("line 17: invalid JSON (last line, cut off while written?)"), std::string::npos)
        << r->warnings[0];
    const core::Session& s = r->sessions.at(0);
    EXPECT_EQ(s.name, "s-codex");
    EXPECT_EQ(s.source, "codex");
    ASSERT_EQ(s.requests.size(), 3u);
    EXPECT_EQ(s.requests[0].inputTokens, 2000u);
    EXPECT_EQ(s.requests[1].inputTokens, 3000u);
    EXPECT_EQ(s.requests[1].reportedCacheRead, 1900u);
    EXPECT_EQ(s.requests[1].reportedUncached, 1100u);
    EXPECT_EQ(s.requests[2].inputTokens, 400u);
    EXPECT_EQ(s.strings.at(s.requests[1].model), "gpt-5.3-codex");
    EXPECT_EQ(s.strings.at(s.requests[2].model), "gpt-5.4");
    // Request start = its turn_context; the second prompt holds the first answer and more text.
    EXPECT_NEAR(s.requests[1].apiTime, 3.1, 1e-3);
    EXPECT_GT(s.requests[1].promptUnits, s.requests[0].promptUnits);
    // After the compaction the context drops to the instructions, tools and the summary.
    EXPECT_LT(s.requests[2].promptUnits, s.requests[0].promptUnits);
    std::vector<SegmentKind> kinds;
    for (const auto& sg : s.segmentsOf(s.requests[2]))
        kinds.push_back(sg.kind);
    EXPECT_EQ(kinds, (std::vector<SegmentKind> { SegmentKind::System, SegmentKind::Tools, SegmentKind::UserText }));
    // --keep-text: the instructions, then the history; after the compaction only the summary.
    ASSERT_EQ(s.text.requestBegin.size(), 4u);
    const auto last = s.text.partsOf(2);
    ASSERT_EQ(last.size(), 2u);
    EXPECT_EQ(s.text.parts[last[0]].text, "You are Codex, a coding agent.");
    EXPECT_EQ(s.text.parts[last[1]].text, "summary of the work so far");
    EXPECT_EQ(s.text.partsOf(1).size(), 4u); // instructions, user, assistant, user: the history at its turn_context
}

TEST(CodexImporter, LegacyBareFormat)
{
    const auto path = test::sharedDir() / "samples" / "codex" / "03_legacy_bare_fixture"
        / "rollout-44444444-4444-4444-8444-444444444444.jsonl";
    auto file = importers::readInputFile(path.string());
    ASSERT_TRUE(file.ok());
    const auto registry = importers::ImporterRegistry::withDefaults();
    const importers::Importer* imp = registry.detect(file->bytes, path.string());
    ASSERT_NE(imp, nullptr);
    EXPECT_EQ(imp->id(), "codex");
    auto r = imp->parse(*file);
    ASSERT_TRUE(r.ok()) << r.message();
    const core::Session& s = r->sessions.at(0);
    EXPECT_EQ(s.name, "44444444-4444-4444-8444-444444444444");
    ASSERT_EQ(s.requests.size(), 1u); // one assistant answer, no usage in the file
    EXPECT_FALSE(s.requests[0].hasReportedUsage);
}

TEST(CodexImporter, RealRolloutMatchesItsTokenCounts)
{
    const auto path = test::sharedDir() / "samples" / "codex" / "01_localpush_real_sanitized_0.104" / "sessions"
        / "2026" / "02" / "23" / "rollout-2026-02-23T12-41-04-019c8a4d-8f45-7010-8b5d-7fad920aa6f9.jsonl";
    auto file = importers::readInputFile(path.string());
    ASSERT_TRUE(file.ok());
    auto r = importers::CodexImporter().parse(*file);
    ASSERT_TRUE(r.ok());
    const core::Session& s = r->sessions.at(0);
    ASSERT_EQ(s.requests.size(), 28u); // 28 new totals; repeats and the null first count skipped
    EXPECT_EQ(s.requests[0].inputTokens, 17102u);
    EXPECT_EQ(s.requests[0].reportedCacheRead, 3456u);
    EXPECT_EQ(s.requests[0].outputTokens, 281u);
    EXPECT_EQ(s.strings.at(s.requests[0].model), "gpt-5.3-codex");
    EXPECT_EQ(s.contextWindow, 258400u); // task_started and token_count's model_context_window
    EXPECT_EQ(core::contextWindowFor(s), 258400u);
    for (std::size_t i = 1; i < s.requests.size(); ++i)
        EXPECT_GE(s.requests[i].time, s.requests[i - 1].time);
}

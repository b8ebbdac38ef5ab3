// SPDX-License-Identifier: Apache-2.0
// Claude Code logs: the prompt of each call is the branch it answers (rewinds drop out, a
// compaction restarts it), parallel tool calls keep every result, sub-agents in all three
// layouts hang under the session, and damaged lines become warnings, never failures.
#include "kv/core/access_profile.h"
#include "kv/core/replay_input.h"
#include "kv/importers/claude_code_importer.h"
#include "kv/importers/import_job.h"
#include "test_support.h"

#include <gtest/gtest.h>

using namespace kv;
using core::SegmentKind;

namespace {

core::Session parseFile(const std::filesystem::path& p, std::vector<std::string>* warnings = nullptr)
{
    auto file = importers::readInputFile(p.string());
    EXPECT_TRUE(file.ok()) << file.message();
    auto parsed = importers::ClaudeCodeImporter().parse(*file);
    EXPECT_TRUE(parsed.ok()) << parsed.message();
    if (warnings)
        *warnings = parsed->warnings;
    return std::move(parsed->sessions.at(0));
}

std::vector<SegmentKind> kinds(const core::Session& s, const core::Request& r)
{
    std::vector<SegmentKind> out;
    for (const core::Segment& sg : s.segmentsOf(r))
        out.push_back(sg.kind);
    return out;
}

std::filesystem::path claudeSamples()
{
    return test::sharedDir() / "samples" / "claude";
}

} // namespace

TEST(ClaudeCodeImporter, RewindAndCompactionShapeEachPrompt)
{
    const core::Session s
        = parseFile(claudeSamples() / "06_fixture_compaction_after_rewind" / "dag_compact_after_rewind.jsonl");
    ASSERT_EQ(s.requests.size(), 5u);
    EXPECT_EQ(s.name, "s1");
    // Calls: a1 (after "Start"), b1a (first attempt), b2a (second attempt after the rewind),
    // b2a2, p1a (after the compaction).
    const auto& b2a = s.requests[2];
    EXPECT_EQ(kinds(s, b2a),
        (std::vector<SegmentKind> {
            SegmentKind::System, SegmentKind::UserText, SegmentKind::AssistantText, SegmentKind::UserText }));
    // The rewound branch ("First attempt", "First answer") is not in the prompt: it is exactly as
    // long as the first attempt's, both "X attempt" texts being three pseudo-tokens.
    EXPECT_EQ(b2a.promptUnits, s.requests[1].promptUnits);
    const auto& p1a = s.requests[4];
    EXPECT_EQ(
        kinds(s, p1a), (std::vector<SegmentKind> { SegmentKind::System, SegmentKind::Summary, SegmentKind::UserText }));
    for (const auto& r : s.requests) {
        EXPECT_TRUE(r.hasReportedUsage);
        EXPECT_EQ(r.inputTokens, 10u);
    }
}

TEST(ClaudeCodeImporter, ParallelToolCallsKeepEveryResultSoPromptsExtendEachOther)
{
    // Sample 01 (v2.1.17): a main conversation that spawns an Explore agent through Task; the
    // agent's transcript is in <session>/subagents/ and makes parallel tool calls.
    const core::Session s
        = parseFile(claudeSamples() / "01_v2.1.17_subagents_dir" / "29ccd257-68b1-427f-ae5f-6524b7cb6f20.jsonl");
    ASSERT_EQ(s.agents.size(), 2u);
    EXPECT_EQ(s.agents[1].key, "a2271d1");
    EXPECT_EQ(s.agents[1].type, "Explore");
    EXPECT_EQ(s.agents[1].parent, 0);
    EXPECT_EQ(s.agents[1].depth, 1u);
    EXPECT_EQ(s.agents[1].spawnRequest, 0); // the main agent's first call used the Task tool
    ASSERT_EQ(s.requests.size(), 12u);
    const core::ReplayInput in = core::makeReplayInput(s);
    const double inf[] = { core::kInfiniteTtl };
    const core::AccessProfile profile = core::AccessProfile::build(in, inf);
    // With no TTL, every call of an agent hits the whole of its previous call's prompt.
    std::map<std::uint32_t, std::size_t> previous;
    for (std::size_t j = 0; j < in.requestCount(); ++j) {
        const std::uint32_t agent = s.requests[in.sourceRequest[j]].agent;
        if (auto it = previous.find(agent); it != previous.end()) {
            EXPECT_EQ(profile.hitBlocks(j, { core::kInfiniteTtl, core::kUnlimited }), in.blocksOf(it->second).size())
                << "request " << in.sourceRequest[j];
        }
        previous[agent] = j;
    }
    // The agent starts after the main call that spawned it and uses Haiku.
    EXPECT_GT(s.agents[1].spawnTime, s.requests[0].time);
    EXPECT_EQ(s.strings.at(s.requests[2].model), "claude-haiku-4-5-20251001");
}

TEST(ClaudeCodeImporter, LegacyAgentFilesAndWarmupsAreSubagents)
{
    std::vector<std::string> warnings;
    const core::Session s = parseFile(
        claudeSamples() / "03_v2.0.28_legacy_agent_files_warmup" / "5ed31c36-bca8-40fd-8d24-f1a1f0af7901.jsonl",
        &warnings);
    ASSERT_EQ(s.agents.size(), 3u);
    EXPECT_EQ(s.agents[1].type, "warmup");
    EXPECT_EQ(s.agents[2].type, "warmup");
    EXPECT_EQ(s.requests.size(), 5u);
    // Warmups on two models share nothing: KV caches are per model.
    const core::ReplayInput in = core::makeReplayInput(s);
    const auto r = core::replayOnePass(in, {});
    EXPECT_EQ(r.hitBlocks[0], 0u);
    EXPECT_EQ(r.hitBlocks[1], 0u);
}

TEST(ClaudeCodeImporter, ADirectoryWalkReadsAgentFilesWithTheirSession)
{
    auto store = core::TraceStore::open(":memory:");
    const auto registry = importers::ImporterRegistry::withDefaults();
    importers::ImportJob job(registry, *store);
    core::NullProgress progress;
    core::CancelToken cancel;
    const auto summary
        = job.run({ (claudeSamples() / "03_v2.0.28_legacy_agent_files_warmup").string() }, progress, cancel);
    EXPECT_FALSE(summary.anyFailed());
    std::size_t imported = 0, companions = 0;
    for (const auto& f : summary.files) {
        imported += f.state == importers::FileOutcome::State::Imported;
        if (f.state == importers::FileOutcome::State::Skipped) {
            ++companions;
            EXPECT_NE(f.message.find("read with"), std::string::npos) << f.message;
        }
    }
    EXPECT_EQ(imported, 1u);
    EXPECT_EQ(companions, 2u);
}

TEST(ClaudeCodeImporter, DamagedLinesAreWarningsAndTheSessionSurvives)
{
    test::TempDir dir;
    const std::string big(3 * 1024 * 1024, 'x'); // a multi-megabyte tool result
    std::string log;
    log += R"({"type":"user","uuid":"u1","parentUuid":null,"sessionId":"sx","timestamp":"2026-01-01T10:00:00.000Z","message":{"role":"user","content":"hello there"}})"
           "\n";
    log += R"({"type":"assistant","uuid":"a1","parentUuid":"u1","sessionId":"sx","timestamp":"2026-01-01T10:00:05.000Z","requestId":"r1","message":{"id":"m1","model":"claude-x","role":"assistant","content":[{"type":"tool_use","id":"t1","name":"Read","input":{"file":"a"}}],"usage":{"input_tokens":3,"cache_creation_input_tokens":500,"cache_read_input_tokens":0,"output_tokens":9}}})"
           "\n";
    log += "{\"type\":\"user\",\"uuid\":\"u2\",\"parentUuid\":\"a1\",\"sessionId\":\"sx\",\"timestamp\":\"2026-01-"
           "01T10:00:04.000Z\","
           "\"message\":{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":\""
        + big + "\"}]}}\n";
    log += "{\"type\":\"brand_new_record\",\"uuid\":\"z\",\"payload_v9\":{}}\n"; // unknown: skipped quietly
    log += "{\"type\":\"user\",\"uuid\":\"u3\",\"parentUuid\":\"u2\",\"isSidechain\":null,\"message\":null,"
           "\"timestamp\":null}\n";
    log += "{\"type\":\"user\",\"uuid\":\"u4\",\"parentUuid\":\"u2\",\"message\":{\"content\":\"caf\xc3\xa9 \xff\xfe "
           "bad utf-8\"}}\n";
    log += R"({"type":"assistant","uuid":"a2","parentUuid":"u4","sessionId":"sx","timestamp":"2026-01-01T10:00:20.000Z","requestId":"r2","message":{"id":"m2","model":"claude-x","content":[{"type":"text","text":"done"}],"usage":{"input_tokens":4,"cache_creation_input_tokens":20,"cache_read_input_tokens":500,"output_tokens":2}}})"
           "\n";
    log += R"({"type":"assistant","uuid":"a3","parentUuid":"a2","message":{"id":"m3","content":[{"type":"te)"; // cut
                                                                                                               // off
    test::writeFile(dir / "sx.jsonl", log);
    std::vector<std::string> warnings;
    const core::Session s = parseFile(dir / "sx.jsonl", &warnings);
    ASSERT_EQ(s.requests.size(), 2u);
    EXPECT_EQ(s.requests[0].inputTokens, 503u);
    EXPECT_EQ(s.requests[1].inputTokens, 524u);
    EXPECT_EQ(s.requests[1].reportedCacheRead, 500u);
    ASSERT_EQ(warnings.size(), 3u);
    EXPECT_NE(warnings[0].find("sx.jsonl: line 6: invalid UTF-8 replaced with U+FFFD"), std::string::npos)
        << warnings[0];
    EXPECT_NE(warnings[1].find("sx.jsonl: line 8: invalid JSON (last line, cut off while written?)"), std::string::npos)
        << warnings[1];
    // The tool result is stamped a second before the call it answers.
    EXPECT_NE(warnings[2].find("sx.jsonl: line 3: 1 timestamp(s) earlier than the line before"), std::string::npos)
        << warnings[2];
    // The 3 MB tool result is part of the second prompt.
    EXPECT_GT(s.requests[1].promptUnits, 200000u); // 3 MB of letters in 12-byte pseudo-tokens
    EXPECT_GT(s.requests[1].blockCount, 0u);
}

TEST(ClaudeCodeImporter, EmptyAndMetadataOnlyLogsAreSkippedInDirectories)
{
    test::TempDir dir;
    test::writeFile(dir / "7864f562-empty.jsonl", "");
    test::writeFile(dir / "title-only.jsonl",
        R"({"type":"summary","summary":"Fix the build","leafUuid":"0b6c","sessionId":"t1","parentUuid":null})"
        "\n");
    test::writeFile(dir / "real.jsonl",
        R"({"type":"user","uuid":"u1","parentUuid":null,"sessionId":"r1","timestamp":"2026-01-01T10:00:00.000Z","message":{"role":"user","content":"hi"}})"
        "\n"
        R"({"type":"assistant","uuid":"a1","parentUuid":"u1","sessionId":"r1","timestamp":"2026-01-01T10:00:02.000Z","requestId":"q","message":{"id":"m","model":"claude-x","content":[{"type":"text","text":"hello"}],"usage":{"input_tokens":900,"output_tokens":3}}})"
        "\n");
    auto store = core::TraceStore::open(":memory:");
    const auto registry = importers::ImporterRegistry::withDefaults();
    importers::ImportJob job(registry, *store);
    core::NullProgress progress;
    core::CancelToken cancel;
    const auto summary = job.run({ dir.path().string() }, progress, cancel);
    EXPECT_FALSE(summary.anyFailed()) << (summary.errors.empty() ? "" : summary.errors[0]);
    ASSERT_EQ(summary.files.size(), 3u);
    EXPECT_EQ(summary.files[0].state, importers::FileOutcome::State::Skipped);
    EXPECT_NE(summary.files[0].message.find("empty log"), std::string::npos);
    EXPECT_EQ(summary.files[1].state, importers::FileOutcome::State::Imported);
    EXPECT_EQ(summary.files[2].state, importers::FileOutcome::State::Skipped);
    EXPECT_NE(summary.files[2].message.find("no API calls"), std::string::npos);
    EXPECT_EQ(store->listSessions()->size(), 1u);
    // Named on its own, an empty file is still an error.
    const auto named = job.run({ (dir / "7864f562-empty.jsonl").string() }, progress, cancel);
    EXPECT_TRUE(named.anyFailed());
}

TEST(ClaudeCodeImporter, PromptTextIsKeptOnlyWhenAsked)
{
    const auto sample = claudeSamples() / "04_v1.0.128_two_models" / "b25638d7-b104-4f06-a797-70ac33d069ed.jsonl";
    for (bool keep : { false, true }) {
        test::TempDir dir;
        const std::string db = (dir / "kv.sqlite").string();
        {
            auto store = core::TraceStore::open(db);
            const auto registry = importers::ImporterRegistry::withDefaults();
            importers::ImportJob job(registry, *store);
            job.setKeepText(keep);
            core::NullProgress progress;
            core::CancelToken cancel;
            ASSERT_FALSE(job.run({ sample.string() }, progress, cancel).anyFailed());
            auto text = store->loadPromptText(1);
            ASSERT_TRUE(text.ok()) << text.message();
            if (!keep) {
                EXPECT_TRUE(text->empty());
                continue;
            }
            auto s = store->loadSession(1);
            ASSERT_EQ(text->requestBegin.size(), s->requests.size() + 1);
            // Every prompt starts with the conversation's first user message and only grows.
            const auto first = text->partsOf(0);
            ASSERT_FALSE(first.empty());
            for (std::size_t r = 1; r < s->requests.size(); ++r) {
                const auto parts = text->partsOf(r);
                ASSERT_GE(parts.size(), first.size());
                EXPECT_EQ(parts[0], first[0]);
            }
            EXPECT_EQ(text->parts[first[0]].kind, core::SegmentKind::UserText);
            EXPECT_FALSE(text->parts[first[0]].text.empty());
        }
        // Privacy: without --keep-text no text reaches the file at all.
        const std::string bytes = test::readFile(db) + test::readFile(db + "-wal");
        auto file = importers::readInputFile(sample.string());
        const std::string phrase = file->bytes.substr(file->bytes.find("\"content\":\"") + 11, 24);
        EXPECT_EQ(bytes.find(phrase) == std::string::npos, true) << phrase;
    }
}

TEST(ClaudeCodeImporter, InlineSidechainsBecomeAgents)
{
    // Before 2.0.28 sub-agent lines sat in the main file with isSidechain:true and no agentId.
    test::TempDir dir;
    std::string log;
    auto line = [&](const std::string& json) { log += json + "\n"; };
    line(
        R"({"type":"user","uuid":"u1","parentUuid":null,"isSidechain":false,"sessionId":"old","version":"1.0.35","timestamp":"2025-06-01T10:00:00.000Z","message":{"role":"user","content":"explore the repo"}})");
    line(
        R"({"type":"assistant","uuid":"a1","parentUuid":"u1","isSidechain":false,"sessionId":"old","timestamp":"2025-06-01T10:00:03.000Z","requestId":"r1","message":{"id":"m1","model":"claude-sonnet-4","content":[{"type":"tool_use","id":"t1","name":"Task","input":{"prompt":"look around","subagent_type":"general-purpose"}}],"usage":{"input_tokens":5,"cache_creation_input_tokens":3000,"cache_read_input_tokens":0,"output_tokens":40}}})");
    line(
        R"({"type":"user","uuid":"s1","parentUuid":null,"isSidechain":true,"sessionId":"old","timestamp":"2025-06-01T10:00:04.000Z","message":{"role":"user","content":"look around"}})");
    line(
        R"({"type":"assistant","uuid":"s2","parentUuid":"s1","isSidechain":true,"sessionId":"old","timestamp":"2025-06-01T10:00:06.000Z","requestId":"r2","message":{"id":"m2","model":"claude-sonnet-4","content":[{"type":"text","text":"found things"}],"usage":{"input_tokens":5,"cache_creation_input_tokens":2000,"cache_read_input_tokens":0,"output_tokens":10}}})");
    line(
        R"({"type":"user","uuid":"u2","parentUuid":"a1","isSidechain":false,"sessionId":"old","timestamp":"2025-06-01T10:00:07.000Z","message":{"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"found things"}]}})");
    line(
        R"({"type":"assistant","uuid":"a2","parentUuid":"u2","isSidechain":false,"sessionId":"old","timestamp":"2025-06-01T10:00:09.000Z","requestId":"r3","message":{"id":"m3","model":"claude-sonnet-4","content":[{"type":"text","text":"done"}],"usage":{"input_tokens":5,"cache_creation_input_tokens":20,"cache_read_input_tokens":3000,"output_tokens":3}}})");
    test::writeFile(dir / "old.jsonl", log);
    const core::Session s = parseFile(dir / "old.jsonl");
    ASSERT_EQ(s.agents.size(), 2u);
    EXPECT_EQ(s.agents[1].type, "sidechain");
    EXPECT_EQ(s.agents[1].parent, 0);
    ASSERT_EQ(s.requests.size(), 3u);
    std::size_t sidechainCalls = 0;
    for (const auto& r : s.requests)
        sidechainCalls += r.agent == 1;
    EXPECT_EQ(sidechainCalls, 1u);
    EXPECT_EQ(s.requests[1].reportedCacheRead, 3000u); // main calls first, then the agent's
}

// SPDX-License-Identifier: Apache-2.0
// Agent logs damaged in random ways (cut lines, flipped bytes, nulls in place of values,
// dropped lines, repeated lines) never crash an importer or fail the session: every importer
// either reads what is left or reports one clean error.
#include "kv/core/synthetic_session.h"
#include "kv/importers/importer_registry.h"
#include "test_support.h"

#include <cstring>
#include <gtest/gtest.h>

using namespace kv;

namespace {

std::vector<std::string> lines(const std::string& text)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t nl = text.find('\n', start);
        out.push_back(text.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
        start = nl == std::string::npos ? text.size() : nl + 1;
    }
    return out;
}

std::string damage(const std::string& text, core::SplitMix64& rng)
{
    auto ls = lines(text);
    std::string out;
    for (std::string& l : ls) {
        const std::uint64_t what = rng.range(0, 19);
        if (what == 0 && !l.empty())
            l.resize(rng.range(0, l.size() - 1)); // cut
        else if (what == 1 && !l.empty())
            l[rng.range(0, l.size() - 1)] = char(rng.range(0, 255)); // flip a byte
        else if (what == 2) {
            for (const char* key :
                { "\"message\":", "\"usage\":", "\"timestamp\":", "\"payload\":", "\"content\":", "\"info\":" })
                if (auto p = l.find(key); p != std::string::npos)
                    l.insert(p + std::strlen(key), "null,\"x\":"); // a null where a value was
        } else if (what == 3)
            continue; // drop the line
        else if (what == 4)
            out += l + "\n"; // repeat it
        out += l + "\n";
    }
    if (rng.chance(0.5) && !out.empty())
        out.resize(rng.range(0, out.size() - 1)); // the file was being written
    return out;
}

void exercise(const std::filesystem::path& sample, int rounds)
{
    const auto registry = importers::ImporterRegistry::withDefaults();
    const std::string original = test::readFile(sample);
    core::SplitMix64 rng(std::hash<std::string>()(sample.string()));
    test::TempDir dir;
    for (int i = 0; i < rounds; ++i) {
        const std::string damaged = damage(original, rng);
        const auto path = dir / sample.filename().string();
        test::writeFile(path, damaged);
        auto file = importers::readInputFile(path.string());
        ASSERT_TRUE(file.ok());
        const importers::Importer* imp = registry.detect(std::string_view(file->bytes).substr(0, 4096), path.string());
        if (!imp)
            continue; // damaged beyond recognition: a directory walk skips it
        auto parsed = imp->parse(*file);
        if (!parsed) {
            EXPECT_NE(parsed.message().find(path.filename().string()), std::string::npos) << parsed.message();
            continue;
        }
        for (const core::Session& s : parsed->sessions)
            for (const core::Request& r : s.requests)
                ASSERT_LE(std::size_t(r.blockBegin) + r.blockCount, s.blocks.size());
    }
}

} // namespace

TEST(LogRobustness, DamagedClaudeCodeLogs)
{
    for (const char* f : { "04_v1.0.128_two_models/b25638d7-b104-4f06-a797-70ac33d069ed.jsonl",
             "05_v1.0.51_summary_system_old/326189cf-5676-4237-8cde-1ce80aae4a9f.jsonl",
             "06_fixture_compaction_after_rewind/dag_compact_after_rewind.jsonl" })
        exercise(test::sharedDir() / "samples" / "claude" / f, 60);
}

TEST(LogRobustness, DamagedCodexRollouts)
{
    exercise(test::sharedDir() / "samples" / "codex" / "01_localpush_real_sanitized_0.104" / "sessions" / "2026" / "02"
            / "23" / "rollout-2026-02-23T13-19-38-019c8a70-dda7-7f33-98ea-f30553347322.jsonl",
        100);
    exercise(test::sourceDir() / "sample_traces" / "codex" / "sessions" / "2026" / "01" / "02"
            / "rollout-2026-01-02T09-00-00-019c0000-be70-4064-802d-8a5e87afea62.jsonl",
        40);
}

TEST(LogRobustness, DamagedHashTraces)
{
    exercise(test::sharedDir() / "samples" / "traces" / "01_mooncake_fast25" / "conversation_trace.HEAD200.jsonl", 40);
    exercise(test::sharedDir() / "samples" / "traces" / "02_kv_cache_tester" / "trace_0026.json", 100);
}

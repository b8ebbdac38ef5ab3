// SPDX-License-Identifier: Apache-2.0
// Export round trips: every session of every format, written as a kv-cache-tester trace and as
// Mooncake JSONL and read back, replays exactly like its source (per request, several policies).
#include "kv/core/access_profile.h"
#include "kv/core/replay_input.h"
#include "kv/core/trace_store.h"
#include "kv/importers/import_job.h"
#include "kv/importers/kv_cache_tester_writer.h"
#include "kv/importers/mooncake_writer.h"
#include "test_support.h"

#include <gtest/gtest.h>

using namespace kv;

namespace {

std::vector<core::Session> importAll(const std::vector<std::string>& paths)
{
    auto store = core::TraceStore::open(":memory:");
    const auto registry = importers::ImporterRegistry::withDefaults();
    importers::ImportJob job(registry, *store);
    core::NullProgress progress;
    core::CancelToken cancel;
    const auto summary = job.run(paths, progress, cancel);
    std::vector<core::Session> out;
    for (std::int64_t id : summary.sessionIds())
        out.push_back(std::move(*store->loadSession(id)));
    return out;
}

core::Session reread(const std::string& text, const std::string& name)
{
    test::TempDir dir;
    test::writeFile(dir / name, text);
    auto sessions = importAll({ (dir / name).string() });
    EXPECT_EQ(sessions.size(), 1u) << name;
    return sessions.empty() ? core::Session {} : std::move(sessions.front());
}

void expectSameReplay(const core::Session& a, const core::Session& b, const std::string& what)
{
    const double ttls[] = { 60.0, 300.0, core::kInfiniteTtl };
    const core::ReplayInput ia = core::makeReplayInput(a), ib = core::makeReplayInput(b);
    const core::AccessProfile pa = core::AccessProfile::build(ia, ttls), pb = core::AccessProfile::build(ib, ttls);
    for (double ttl : ttls) {
        for (std::uint64_t cap : { core::kUnlimited, std::uint64_t(300) }) {
            const core::CachePolicy p { ttl, cap };
            const auto ra = pa.evaluate(p), rb = pb.evaluate(p);
            ASSERT_EQ(ra.totals, rb.totals) << what << " ttl " << ttl << " cap " << cap;
            ASSERT_EQ(ra.hitTokens, rb.hitTokens) << what;
            ASSERT_EQ(ra.workingSetBlocks, rb.workingSetBlocks) << what;
        }
    }
}

} // namespace

TEST(ExportRoundTrip, EverySampleOfEveryFormatInBothFormats)
{
    const auto samples = test::sharedDir() / "samples";
    const auto sessions = importAll({ (test::sourceDir() / "sample_traces").string(), (samples / "claude").string(),
        (samples / "codex").string(), (samples / "traces").string() });
    ASSERT_GE(sessions.size(), 15u);
    for (const core::Session& s : sessions) {
        expectSameReplay(s, reread(importers::writeKvCacheTesterTrace(s), "x.json"), s.name + " as kv-cache-tester");
        expectSameReplay(s, reread(importers::writeMooncakeTrace(s), "x.jsonl"), s.name + " as mooncake");
        if (HasFatalFailure())
            return;
    }
}

TEST(ExportRoundTrip, SharedTracesThroughMooncake)
{
    for (const auto& path : test::sharedTraceFiles()) {
        const auto sessions = importAll({ path.string() });
        ASSERT_EQ(sessions.size(), 1u);
        expectSameReplay(
            sessions[0], reread(importers::writeMooncakeTrace(sessions[0]), "x.jsonl"), path.filename().string());
        if (HasFatalFailure())
            return;
    }
}

TEST(ExportRoundTrip, CliWritesOneFilePerSession)
{
    test::TempDir dir;
    const auto r = test::runCli({ "export", "--format", "kv-cache-tester", "--out", dir.path().string(),
        (test::sourceDir() / "sample_traces").string() });
    ASSERT_EQ(r.exitCode, 0) << r.err;
    std::size_t files = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir.path()))
        files += e.path().extension() == ".json";
    EXPECT_EQ(files, 6u);
    const auto replayed = test::runCli({ "report", dir.path().string() });
    EXPECT_EQ(replayed.exitCode, 0) << replayed.err;
    EXPECT_EQ(test::runCli({ "export", "--format", "csv", dir.path().string() }).exitCode, 2);
}

// SPDX-License-Identifier: Apache-2.0
// The SQLite store: schema version, idempotent imports keyed by content, one transaction per
// file (a failing session leaves nothing behind), persistence across reopen.
#include "kv/core/simulation_store.h"
#include "kv/core/synthetic_session.h"
#include "kv/core/trace_store.h"
#include "kv/importers/import_job.h"
#include "kv/importers/kv_cache_tester_writer.h"
#include "test_support.h"

#include <gtest/gtest.h>

using namespace kv;
using namespace kv::core;

namespace {
std::int64_t count(TraceStore& store, const std::string& table)
{
    auto q = store.database().prepare("SELECT count(*) FROM " + table);
    EXPECT_TRUE(q.ok());
    q->step();
    return q->int64(0);
}

Session synthetic(std::uint64_t seed)
{
    SyntheticSpec spec;
    spec.seed = seed;
    spec.name = "s" + std::to_string(seed);
    spec.requests = 20;
    spec.subagentChance = 0.3;
    return makeSyntheticSession(spec);
}
} // namespace

TEST(TraceStore, CreatesSchemaWithUserVersionAndRefusesNewer)
{
    test::TempDir dir;
    const std::string db = (dir / "kv.sqlite").string();
    {
        auto store = TraceStore::open(db);
        ASSERT_TRUE(store.ok()) << store.message();
        auto q = store->database().prepare("PRAGMA user_version");
        ASSERT_TRUE(q->step());
        EXPECT_EQ(q->int64(0), TraceStore::kSchemaVersion);
        auto mode = store->database().prepare("PRAGMA journal_mode");
        ASSERT_TRUE(mode->step());
        EXPECT_EQ(mode->text(0), "wal");
        ASSERT_TRUE(store->database().exec("PRAGMA user_version=99").ok());
    }
    auto again = TraceStore::open(db);
    ASSERT_FALSE(again.ok());
    EXPECT_NE(again.message().find("newer"), std::string::npos) << again.message();
}

TEST(TraceStore, SessionsSurviveReopenAndRoundTrip)
{
    test::TempDir dir;
    const std::string db = (dir / "kv.sqlite").string();
    const Session s = synthetic(5);
    {
        auto store = TraceStore::open(db);
        ASSERT_TRUE(store.ok());
        ASSERT_TRUE(store->addFile({ "a.json", 123, 10, "kv-cache-tester" }, { s }).ok());
    }
    auto store = TraceStore::open(db);
    ASSERT_TRUE(store.ok());
    auto list = store->listSessions();
    ASSERT_TRUE(list.ok());
    ASSERT_EQ(list->size(), 1u);
    EXPECT_EQ(list->at(0).name, "s5");
    EXPECT_EQ(list->at(0).requests, s.requests.size());
    auto loaded = store->loadSession(list->at(0).id);
    ASSERT_TRUE(loaded.ok()) << loaded.message();
    // Writing both back in the trace format must give identical text.
    EXPECT_EQ(importers::writeKvCacheTesterTrace(*loaded), importers::writeKvCacheTesterTrace(s));
}

TEST(TraceStore, AFailingSessionLeavesNoRowsBehind)
{
    auto store = TraceStore::open(":memory:");
    ASSERT_TRUE(store.ok());
    Session good = synthetic(1);
    Session bad = synthetic(2);
    bad.requests.back().agent = 99; // refers to a missing agent: the insert fails half way
    auto r = store->addFile({ "f.json", 77, 1, "kv-cache-tester" }, { good, bad });
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.message().find("missing agent"), std::string::npos) << r.message();
    for (const char* t : { "files", "sessions", "agents", "requests", "agent_blocks" })
        EXPECT_EQ(count(*store, t), 0) << t;
    ASSERT_TRUE(store->addFile({ "f.json", 77, 1, "kv-cache-tester" }, { good }).ok());
    EXPECT_EQ(count(*store, "sessions"), 1);
}

TEST(TraceStore, ImportingTheSameFileTwiceIsANoOp)
{
    test::TempDir dir;
    test::writeFile(dir / "a.json", importers::writeKvCacheTesterTrace(synthetic(3)));
    test::writeFile(dir / "copy_of_a.json", test::readFile(dir / "a.json"));
    auto store = TraceStore::open((dir / "kv.sqlite").string());
    ASSERT_TRUE(store.ok());
    const auto registry = importers::ImporterRegistry::withDefaults();
    importers::ImportJob job(registry, *store);
    NullProgress progress;
    CancelToken cancel;
    const auto first = job.run({ dir.path().string() }, progress, cancel);
    ASSERT_EQ(first.files.size(), 2u);
    EXPECT_EQ(first.files[0].state, importers::FileOutcome::State::Imported);
    EXPECT_EQ(first.files[1].state, importers::FileOutcome::State::AlreadyPresent);
    EXPECT_EQ(first.sessionIds(), (std::vector<std::int64_t> { 1, 1 }));
    const auto second = job.run({ (dir / "a.json").string() }, progress, cancel);
    EXPECT_EQ(second.files.at(0).state, importers::FileOutcome::State::AlreadyPresent);
    EXPECT_EQ(second.sessionIds(), (std::vector<std::int64_t> { 1 }));
    EXPECT_EQ(count(*store, "sessions"), 1);
    EXPECT_EQ(count(*store, "files"), 1);
}

TEST(TraceStore, CancelStopsBetweenFilesAndKeepsWhatWasStored)
{
    test::TempDir dir;
    for (int i = 0; i < 6; ++i)
        test::writeFile(
            dir / ("t" + std::to_string(i) + ".json"), importers::writeKvCacheTesterTrace(synthetic(10 + i)));
    auto store = TraceStore::open(":memory:");
    ASSERT_TRUE(store.ok());
    const auto registry = importers::ImporterRegistry::withDefaults();
    importers::ImportJob job(registry, *store);
    CancelToken cancel;
    struct CancelAfterTwo final : ProgressSink
    {
        CancelToken& c;
        explicit CancelAfterTwo(CancelToken& t)
            : c(t)
        {
        }
        void stage(std::string_view, int, int) override { }
        void advance(std::uint64_t done, std::uint64_t) override
        {
            if (done == 2)
                c.request();
        }
    } progress(cancel);
    const auto summary = job.run({ dir.path().string() }, progress, cancel);
    EXPECT_TRUE(summary.cancelled);
    EXPECT_EQ(count(*store, "sessions"), 2);
    ASSERT_EQ(summary.files.size(), 6u);
    EXPECT_EQ(summary.files[5].state, importers::FileOutcome::State::Cancelled);
}

TEST(TraceStore, ContextWindowRoundTripsAndOlderStoresMigrate)
{
    test::TempDir dir;
    const std::string db = (dir / "kv.sqlite").string();
    Session s = synthetic(8);
    s.contextWindow = 258400;
    {
        auto store = TraceStore::open(db);
        ASSERT_TRUE(store.ok());
        ASSERT_TRUE(store->addFile({ "a.json", 321, 10, "codex" }, { s }).ok());
        auto list = store->listSessions();
        auto loaded = store->loadSession(list->at(0).id);
        ASSERT_TRUE(loaded.ok());
        EXPECT_EQ(loaded->contextWindow, 258400u);
        // Turn it into a schema-1 store, as kvscope 0.1 wrote them.
        ASSERT_TRUE(store->database().exec("ALTER TABLE sessions DROP COLUMN context_window").ok());
        ASSERT_TRUE(
            store->database().exec("DROP TABLE sim_requests; DROP TABLE sim_periods; DROP TABLE sim_runs").ok());
        ASSERT_TRUE(store->database().exec("PRAGMA user_version=1").ok());
    }
    auto store = TraceStore::open(db);
    ASSERT_TRUE(store.ok()) << store.message();
    auto version = store->database().prepare("PRAGMA user_version");
    ASSERT_TRUE(version->step());
    EXPECT_EQ(version->int64(0), TraceStore::kSchemaVersion); // every step since, the simulator's tables too
    EXPECT_TRUE(store->database().prepare("SELECT count(*) FROM sim_runs").ok());
    auto list = store->listSessions();
    ASSERT_EQ(list->size(), 1u);
    auto loaded = store->loadSession(list->at(0).id);
    ASSERT_TRUE(loaded.ok()) << loaded.message();
    EXPECT_EQ(loaded->contextWindow, 0u); // unknown in the old store; the rest is intact
    EXPECT_EQ(importers::writeKvCacheTesterTrace(*loaded), importers::writeKvCacheTesterTrace(s));
}

TEST(TraceStore, SimulationRunsRoundTripExactly)
{
    test::TempDir dir;
    const std::string db = (dir / "kv.sqlite").string();
    std::vector<Session> sessions { synthetic(40), synthetic(41) };
    sessions[0].name = "first";
    sessions[1].name = "second";
    ServingConfig config;
    config.name = "small";
    config.hbmKvBytes = 2e9;
    config.tiers.push_back({ "dram", 1e11, 5e10, 5e10, 1e-5 });
    UserLoad load;
    load.mode = UserLoad::Mode::Ramp;
    load.start = 1;
    load.step = 1;
    load.max = 4;
    load.periodSeconds = 120;
    load.durationSeconds = 1200;
    const auto run = simulateServing(config, sessions, {}, load, {});
    ASSERT_TRUE(run.ok()) << run.message();
    ASSERT_GT(run->requests.size(), 10u);
    SimulationSettings settings;
    settings.label = "test";
    settings.configJson = "{\"name\": \"small\"}";
    settings.users = "ramp:1,1,2m,4";
    settings.timing = "think-only";
    settings.durationSeconds = 1200;
    std::int64_t id = 0;
    {
        auto store = TraceStore::open(db);
        ASSERT_TRUE(store.ok());
        auto saved = saveSimulation(*store, *run, settings);
        ASSERT_TRUE(saved.ok()) << saved.message();
        id = *saved;
    }
    auto store = TraceStore::open(db); // reopened: what is on disk
    auto list = listSimulations(*store);
    ASSERT_TRUE(list.ok()) << list.message();
    ASSERT_EQ(list->size(), 1u);
    EXPECT_EQ(list->at(0).result.config, "small");
    EXPECT_EQ(list->at(0).settings.users, "ramp:1,1,2m,4");
    EXPECT_TRUE(list->at(0).result.periods.empty()); // the list is light
    auto loaded = loadSimulation(*store, id);
    ASSERT_TRUE(loaded.ok()) << loaded.message();
    const SimResult& a = *run;
    const SimResult& b = loaded->result;
    EXPECT_EQ(b.tierNames, a.tierNames);
    EXPECT_EQ(b.sessionNames, (std::vector<std::string> { "first", "second" }));
    EXPECT_EQ(b.maxUsersHeld, a.maxUsersHeld);
    EXPECT_EQ(b.fallOffUsers, a.fallOffUsers);
    ASSERT_EQ(b.periods.size(), a.periods.size());
    for (std::size_t i = 0; i < a.periods.size(); ++i) {
        EXPECT_EQ(b.periods[i].ttftP95, a.periods[i].ttftP95);
        EXPECT_EQ(b.periods[i].hitShare, a.periods[i].hitShare);
        EXPECT_EQ(b.periods[i].readBytesPerSecond, a.periods[i].readBytesPerSecond);
        EXPECT_EQ(b.periods[i].users, a.periods[i].users);
        EXPECT_EQ(b.periods[i].objectivesHeld, a.periods[i].objectivesHeld);
    }
    ASSERT_EQ(b.requests.size(), a.requests.size());
    for (std::size_t i = 0; i < a.requests.size(); ++i) {
        EXPECT_EQ(b.requests[i].firstToken, a.requests[i].firstToken);
        EXPECT_EQ(b.requests[i].end, a.requests[i].end);
        EXPECT_EQ(b.requests[i].hitTokens, a.requests[i].hitTokens);
        EXPECT_EQ(b.requests[i].session, a.requests[i].session);
    }
    EXPECT_FALSE(loadSimulation(*store, id + 1).ok());
}

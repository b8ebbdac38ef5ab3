// SPDX-License-Identifier: Apache-2.0
// kv-cache-tester import: fields, nesting, probing, and bad input. Each bad file gets one line
// naming the file, the byte offset and what was wrong; the other files are still imported.
#include "kv/core/zstd_codec.h"
#include "kv/importers/import_job.h"
#include "kv/importers/kv_cache_tester_importer.h"
#include "test_support.h"

#include <gtest/gtest.h>

using namespace kv;
using importers::FileOutcome;

namespace {

const std::string kGood = R"({"id":"good","block_size":64,"hash_id_scope":"local","tool_tokens":10,"system_tokens":5,
"requests":[{"t":0.0,"type":"n","model":"m","in":130,"out":7,"hash_ids":[1,2],"input_types":["text"],
"output_types":["text","tool_use"],"stop":"tool_use","api_time":1.5,"think_time":0.0},
{"t":10.5,"type":"subagent","agent_id":"agent_001","subagent_type":"Explore","tool_tokens":3,"system_tokens":2,
 "requests":[{"t":0.0,"model":"h","in":64,"out":1,"hash_ids":[9]},
             {"t":2,"type":"subagent","agent_id":"agent_002","requests":[{"t":1.25,"in":64,"out":1,"hash_ids":[9]}]}]},
{"t":20,"in":200,"out":3,"hash_ids":[1,2,3]}]})";

core::Expected<importers::ParseOutput> parseText(const std::string& text, const std::string& name = "t.json")
{
    importers::InputFile f;
    f.path = name;
    f.bytes = text;
    f.bytes.reserve(text.size() + importers::kInputPadding);
    return importers::KvCacheTesterImporter().parse(f);
}

std::string errorOf(const std::string& text)
{
    auto r = parseText(text, "bad.json");
    EXPECT_FALSE(r.ok());
    return r.ok() ? std::string() : r.message();
}

} // namespace

TEST(KvCacheTesterImporter, ReadsFieldsAndNestedSubagents)
{
    auto r = parseText(kGood);
    ASSERT_TRUE(r.ok()) << r.message();
    const core::Session& s = r->sessions.at(0);
    EXPECT_EQ(s.name, "good");
    EXPECT_EQ(s.blockSize, 64u);
    ASSERT_EQ(s.agents.size(), 3u);
    EXPECT_EQ(s.agents[0].toolTokens, 10u);
    EXPECT_EQ(s.agents[1].parent, 0);
    EXPECT_EQ(s.agents[1].type, "Explore");
    EXPECT_EQ(s.agents[1].toolTokens, 3u);
    EXPECT_EQ(s.agents[2].parent, 1);
    EXPECT_EQ(s.agents[2].depth, 2u);
    ASSERT_EQ(s.requests.size(), 4u);
    // File order, depth first: main, sub, sub-sub, main.
    EXPECT_EQ(s.requests[0].agent, 0u);
    EXPECT_EQ(s.requests[1].agent, 1u);
    EXPECT_EQ(s.requests[2].agent, 2u);
    EXPECT_EQ(s.requests[3].agent, 0u);
    EXPECT_DOUBLE_EQ(s.requests[1].time, 10.5);
    EXPECT_DOUBLE_EQ(s.requests[2].time, 10.5 + 2 + 1.25);
    EXPECT_EQ(s.requests[0].inputTokens, 130u);
    EXPECT_EQ(s.requests[0].outputTokens, 7u);
    EXPECT_DOUBLE_EQ(s.requests[0].apiTime, 1.5);
    EXPECT_EQ(s.strings.at(s.requests[0].outputTypes), "text,tool_use");
    EXPECT_EQ(s.strings.at(s.requests[0].stop), "tool_use");
    EXPECT_EQ(std::vector<std::uint64_t>(s.blocksOf(s.requests[3]).begin(), s.blocksOf(s.requests[3]).end()),
        (std::vector<std::uint64_t> { 1, 2, 3 }));
}

TEST(KvCacheTesterImporter, ProbeRecognisesTracesNotResultFiles)
{
    importers::KvCacheTesterImporter imp;
    EXPECT_GT(imp.probe(kGood, "x.json"), 0);
    EXPECT_EQ(imp.probe(R"({"trace_0001": {"ttl_60": {"requests": 41, "hit_tokens": 1}}})", "expected.json"), 0);
    EXPECT_EQ(imp.probe("[1,2,3]", "x.json"), 0);
}

TEST(KvCacheTesterImporter, InvalidJsonNamesTheByteOffset)
{
    const std::string text = R"({"id":"x","block_size":64,"requests":[{"t":0,"in":5,"hash_ids":[1,2,}]})";
    const std::string msg = errorOf(text);
    const std::size_t at = text.find(",}") + 1;
    EXPECT_NE(msg.find("bad.json: byte " + std::to_string(at + 1) + ": invalid JSON"), std::string::npos) << msg;
}

TEST(KvCacheTesterImporter, WrongTypesAndMissingFieldsNameTheRequest)
{
    const std::string wrongType
        = R"({"id":"x","requests":[{"t":0,"in":1,"hash_ids":[]},{"t":1,"in":"many","hash_ids":[1]}]})";
    const std::string msg = errorOf(wrongType);
    const std::size_t at = wrongType.find("{\"t\":1");
    EXPECT_NE(msg.find("bad.json: byte " + std::to_string(at)
                  + ": request 2: \"in\" is a string, expected a non-negative integer"),
        std::string::npos)
        << msg;
    EXPECT_NE(errorOf(R"({"requests":[{"t":0,"hash_ids":[1]}]})").find("request 1: missing \"in\""), std::string::npos);
    EXPECT_NE(errorOf(R"({"requests":[{"t":0,"in":3}]})").find("request 1: missing \"hash_ids\""), std::string::npos);
    EXPECT_NE(errorOf(R"({"requests":[{"t":0,"in":3,"hash_ids":[1,"a"]}]})")
                  .find("\"hash_ids\" holds a value that is not an integer"),
        std::string::npos);
    EXPECT_NE(errorOf(R"({"requests":[{"in":3,"hash_ids":[1]}]})").find("missing \"t\""), std::string::npos);
    EXPECT_NE(
        errorOf(R"({"requests":{"t":0}})").find("\"requests\" is an object, expected an array"), std::string::npos);
    EXPECT_NE(errorOf(R"({"requests":[{"t":0,"type":"subagent"}]})").find("sub-agent entry without \"requests\""),
        std::string::npos);
    EXPECT_NE(errorOf(R"({"requests":[{"t":0,"in":-3,"hash_ids":[1]}]})").find("expected a non-negative integer"),
        std::string::npos);
}

TEST(KvCacheTesterImporter, EmptyFileIsAnError)
{
    EXPECT_NE(errorOf("").find("bad.json: byte 0: empty file"), std::string::npos);
    EXPECT_NE(errorOf("  \n").find("empty file"), std::string::npos);
}

TEST(ImportJob, BadFilesAreReportedAndTheOthersImported)
{
    test::TempDir dir;
    test::writeFile(dir / "a_good.json", kGood);
    test::writeFile(dir / "b_invalid.json", R"({"id":"x","block_size":64,"requests":[{"t":0,"in":5,"hash_ids":[1,2})");
    test::writeFile(dir / "c_empty.json", "");
    const auto z = core::zstdCompress({ reinterpret_cast<const std::uint8_t*>(kGood.data()), kGood.size() });
    test::writeFile(dir / "d_truncated.json.zst", std::string(reinterpret_cast<const char*>(z.data()), z.size() / 2));
    const std::string second = std::string(R"({"id":"second")") + kGood.substr(12);
    const auto z2 = core::zstdCompress({ reinterpret_cast<const std::uint8_t*>(second.data()), second.size() });
    test::writeFile(dir / "e_good.json.zst", std::string(reinterpret_cast<const char*>(z2.data()), z2.size()));
    test::writeFile(dir / "notes.json", R"({"comment": "not a trace"})");
    auto store = core::TraceStore::open(":memory:");
    ASSERT_TRUE(store.ok());
    const auto registry = importers::ImporterRegistry::withDefaults();
    importers::ImportJob job(registry, *store);
    core::NullProgress progress;
    core::CancelToken cancel;
    const auto summary = job.run({ dir.path().string(), (dir / "missing.json").string() }, progress, cancel);
    ASSERT_EQ(summary.files.size(), 6u);
    EXPECT_TRUE(summary.anyFailed());
    EXPECT_EQ(summary.files[0].state, FileOutcome::State::Imported);
    EXPECT_EQ(summary.files[1].state, FileOutcome::State::Failed);
    EXPECT_NE(summary.files[1].message.find("b_invalid.json: byte "), std::string::npos) << summary.files[1].message;
    EXPECT_EQ(summary.files[2].state, FileOutcome::State::Failed);
    EXPECT_NE(summary.files[2].message.find("c_empty.json: byte 0: empty file"), std::string::npos);
    EXPECT_EQ(summary.files[3].state, FileOutcome::State::Failed);
    EXPECT_NE(summary.files[3].message.find(
                  "d_truncated.json.zst: byte " + std::to_string(z.size() / 2) + ": truncated zstd"),
        std::string::npos)
        << summary.files[3].message;
    EXPECT_EQ(summary.files[4].state, FileOutcome::State::Imported);
    EXPECT_EQ(summary.files[5].state, FileOutcome::State::Skipped);
    ASSERT_EQ(summary.errors.size(), 1u);
    EXPECT_NE(summary.errors[0].find("missing.json: no such file"), std::string::npos);
    auto list = store->listSessions();
    ASSERT_EQ(list->size(), 2u);
    EXPECT_EQ(list->at(0).name, "good");
    EXPECT_EQ(list->at(1).name, "second");
}

TEST(ImportJob, ADirectoryWithoutTracesIsAnError)
{
    test::TempDir dir;
    std::filesystem::create_directories(dir / "empty");
    std::filesystem::create_directories(dir / "other");
    test::writeFile(dir / "other" / "results.json", R"({"trace_1": {"requests": 4}})");
    auto store = core::TraceStore::open(":memory:");
    const auto registry = importers::ImporterRegistry::withDefaults();
    importers::ImportJob job(registry, *store);
    core::NullProgress progress;
    core::CancelToken cancel;
    const auto summary = job.run({ (dir / "empty").string(), (dir / "other").string() }, progress, cancel);
    EXPECT_TRUE(summary.anyFailed());
    ASSERT_EQ(summary.errors.size(), 2u);
    EXPECT_NE(summary.errors[0].find("empty: no trace files"), std::string::npos) << summary.errors[0];
    EXPECT_NE(summary.errors[1].find("other: no traces in this directory"), std::string::npos) << summary.errors[1];
}

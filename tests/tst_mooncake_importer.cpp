// SPDX-License-Identifier: Apache-2.0
// Mooncake traces: the FAST'25 excerpt imports as one session of 200 independent requests with
// 512-token blocks; bad lines are skipped with a warning naming the line, the rest is kept.
#include "kv/core/access_profile.h"
#include "kv/core/replay_input.h"
#include "kv/importers/importer_registry.h"
#include "kv/importers/mooncake_importer.h"
#include "test_support.h"

#include <gtest/gtest.h>

using namespace kv;

namespace {
core::Expected<importers::ParseOutput> parseText(const std::string& text)
{
    importers::InputFile f;
    f.path = "m.jsonl";
    f.bytes = text;
    f.bytes.reserve(text.size() + importers::kInputPadding);
    return importers::MooncakeImporter().parse(f);
}
} // namespace

TEST(MooncakeImporter, ReadsTheFast25Excerpt)
{
    const auto path
        = test::sharedDir() / "samples" / "traces" / "01_mooncake_fast25" / "conversation_trace.HEAD200.jsonl";
    auto file = importers::readInputFile(path.string());
    ASSERT_TRUE(file.ok()) << file.message();
    const auto registry = importers::ImporterRegistry::withDefaults();
    const importers::Importer* imp = registry.detect(file->bytes.substr(0, 4096), path.string());
    ASSERT_NE(imp, nullptr);
    EXPECT_EQ(imp->id(), "mooncake");
    auto parsed = imp->parse(*file);
    ASSERT_TRUE(parsed.ok()) << parsed.message();
    EXPECT_TRUE(parsed->warnings.empty());
    const core::Session& s = parsed->sessions.at(0);
    EXPECT_EQ(s.name, "conversation_trace.HEAD200");
    EXPECT_EQ(s.source, "mooncake");
    EXPECT_EQ(s.blockSize, 512u);
    ASSERT_EQ(s.requests.size(), 200u);
    std::uint64_t input = 0;
    for (const auto& r : s.requests) {
        input += r.inputTokens;
        EXPECT_EQ(r.blockCount, (r.inputTokens + 511) / 512); // the partial last block is listed
    }
    EXPECT_EQ(input, 2782179u);
    EXPECT_EQ(s.requests[0].outputTokens, 500u);
    // Hit tokens at a 300 s TTL, computed independently from the file (see the note in the test).
    const double ttls[] = { 300.0 };
    const auto r = core::AccessProfile::build(core::makeReplayInput(s), ttls).evaluate({ 300.0, core::kUnlimited });
    EXPECT_EQ(r.totals.hitTokens, 164864u);
    EXPECT_EQ(r.totals.uniqueBlocks, 5215u); // ids 0..5214, first seen in order
}

TEST(MooncakeImporter, BadLinesAreSkippedWithTheirLineNumber)
{
    auto r = parseText("{\"timestamp\": 0, \"input_length\": 600, \"output_length\": 5, \"hash_ids\": [0, 1]}\n"
                       "\n"
                       "[1, 2]\n"
                       "{\"timestamp\": 5, \"input_length\": \"x\", \"hash_ids\": [0]}\n"
                       "{\"timestamp\": 9, \"input_length\": 1000, \"output_length\": 5, \"hash_ids\": [0, 1]}\n"
                       "{\"timestamp\": 3, \"input_length\": 10, \"hash_ids\": [0]}\n"
                       "{\"timestamp\": 12, \"input_length\": 70");
    ASSERT_TRUE(r.ok()) << r.message();
    const auto& w = r->warnings;
    ASSERT_EQ(w.size(), 4u);
    EXPECT_NE(w[0].find("m.jsonl: line 3: not a JSON object"), std::string::npos) << w[0];
    EXPECT_NE(w[1].find("m.jsonl: line 4: \"input_length\" is not a non-negative integer"), std::string::npos) << w[1];
    EXPECT_NE(w[2].find("line 7: invalid JSON"), std::string::npos) << w[2];
    EXPECT_NE(w[2].find("cut off?"), std::string::npos) << w[2];
    EXPECT_NE(w[3].find("1 timestamp(s) earlier"), std::string::npos) << w[3];
    const core::Session& s = r->sessions.at(0);
    ASSERT_EQ(s.requests.size(), 3u);
    EXPECT_DOUBLE_EQ(s.requests[1].time, 0.009);
    EXPECT_EQ(s.blocks.size(), 5u);
}

TEST(MooncakeImporter, AFileWithoutAnyGoodLineIsAnError)
{
    auto r = parseText("{\"timestamp\": 1}\n");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.message().find("m.jsonl: byte 0: no valid Mooncake request line"), std::string::npos);
}

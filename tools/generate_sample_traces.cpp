// SPDX-License-Identifier: Apache-2.0
// Writes the bundled sample_traces/ from seeded synthetic sessions (never from real logs).
// Usage: generate_sample_traces OUTPUT_DIR. tests/ check that the committed files match.
#include "kv/core/synthetic_session.h"
#include "kv/core/zstd_codec.h"
#include "kv/importers/kv_cache_tester_writer.h"
#include "kv/importers/mooncake_writer.h"
#include "synthetic_agent_logs.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>

namespace {

struct Sample
{
    const char* file;
    kv::core::SyntheticSpec spec;
    bool compress;
};

} // namespace

int main(int argc, char** argv)
{
    if (argc != 2) {
        std::cerr << "usage: generate_sample_traces OUTPUT_DIR\n";
        return 2;
    }
    const std::filesystem::path dir = std::filesystem::path(argv[1]) / "kv-cache-tester";
    std::filesystem::create_directories(dir);
    kv::core::SyntheticSpec coding;
    coding.seed = 11;
    coding.name = "sample_coding_subagents";
    coding.requests = 60;
    coding.subagentChance = 0.12;
    coding.compactionChance = 0.03;
    coding.idleChance = 0.04;
    kv::core::SyntheticSpec loop;
    loop.seed = 23;
    loop.name = "sample_tool_loop";
    loop.requests = 120;
    loop.subagentChance = 0.05;
    loop.compactionChance = 0.02;
    loop.maxNewBlocks = 25;
    kv::core::SyntheticSpec human;
    human.seed = 37;
    human.name = "sample_idle_gaps";
    human.requests = 30;
    human.idleChance = 0.15;
    human.subagentChance = 0.1;
    human.integerTimes = true;
    const Sample samples[] = {
        { "sample_coding_subagents.json", coding, false },
        { "sample_tool_loop.json.zst", loop, true },
        { "sample_idle_gaps.json", human, false },
    };
    for (const Sample& s : samples) {
        const std::string json = kv::importers::writeKvCacheTesterTrace(kv::core::makeSyntheticSession(s.spec));
        std::ofstream out(dir / s.file, std::ios::binary);
        if (s.compress) {
            const auto z
                = kv::core::zstdCompress({ reinterpret_cast<const std::uint8_t*>(json.data()), json.size() }, 19);
            out.write(reinterpret_cast<const char*>(z.data()), std::streamsize(z.size()));
        } else {
            out << json;
        }
        std::cout << (dir / s.file).string() << '\n';
    }

    // Mooncake: several conversations of one service in one file, 512-token blocks; they share
    // the system prompt's blocks, as the published traces share their first hash id.
    kv::core::Session service;
    service.name = "sample_service";
    service.blockSize = 512;
    service.agents.push_back(kv::core::Agent {});
    for (std::uint64_t c = 0; c < 6; ++c) {
        kv::core::SyntheticSpec conv;
        conv.seed = 100 + c;
        conv.blockSize = 512;
        conv.systemBlocks = 8;
        conv.maxNewBlocks = 4;
        conv.requests = 12;
        conv.subagentChance = 0;
        conv.idleChance = 0;
        conv.compactionChance = 0;
        kv::core::Session one = kv::core::makeSyntheticSession(conv);
        for (kv::core::Request r : one.requests) {
            const auto blocks = one.blocksOf(r);
            r.blockBegin = static_cast<std::uint32_t>(service.blocks.size());
            for (std::uint64_t h : blocks) // conversations do not share their own blocks
                service.blocks.push_back(h < 1000000 ? h : h + c * 100000000ULL);
            // Whole milliseconds, as Mooncake files have them.
            r.time = double(std::llround((r.time + double(c) * 45.0) * 1000.0)) / 1000.0;
            r.agent = 0;
            service.requests.push_back(r);
        }
    }
    const std::filesystem::path mooncakeDir = std::filesystem::path(argv[1]) / "mooncake";
    std::filesystem::create_directories(mooncakeDir);
    std::ofstream(mooncakeDir / "sample_service.jsonl", std::ios::binary) << kv::importers::writeMooncakeTrace(service);
    std::cout << (mooncakeDir / "sample_service.jsonl").string() << '\n';

    const std::filesystem::path claudeDir = std::filesystem::path(argv[1]) / "claude-code" / "-work-demo";
    std::filesystem::remove_all(claudeDir);
    kv::tools::writeSyntheticClaudeSession(claudeDir, 7);
    std::cout << claudeDir.string() << '\n';
    const std::filesystem::path codexDir = std::filesystem::path(argv[1]) / "codex" / "sessions";
    std::filesystem::remove_all(codexDir);
    kv::tools::writeSyntheticCodexRollout(codexDir, 9);
    std::cout << codexDir.string() << '\n';
    return 0;
}

// SPDX-License-Identifier: Apache-2.0
// Writes the bundled sample_traces/ from seeded synthetic sessions (never from real logs).
// Usage: generate_sample_traces OUTPUT_DIR. tests/ check that the committed files match.
#include "kv/core/synthetic_session.h"
#include "kv/core/zstd_codec.h"
#include "kv/importers/kv_cache_tester_writer.h"

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
    return 0;
}

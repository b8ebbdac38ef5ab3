// SPDX-License-Identifier: Apache-2.0
#include "bench_data.h"

#include "kv/importers/kv_cache_tester_importer.h"

#include <algorithm>
#include <filesystem>
#include <stdexcept>

namespace kv::bench {

std::vector<std::string> tracePaths()
{
    std::vector<std::string> out;
    const std::filesystem::path dir = std::filesystem::path(KV_SHARED_DIR) / "traces" / "kv-cache-tester";
    for (const auto& e : std::filesystem::directory_iterator(dir))
        if (e.path().string().ends_with(".json.zst"))
            out.push_back(e.path().string());
    std::sort(out.begin(), out.end());
    if (out.empty())
        throw std::runtime_error("no traces in " + dir.string());
    return out;
}

const std::vector<importers::InputFile>& traceFiles()
{
    static const std::vector<importers::InputFile> files = [] {
        std::vector<importers::InputFile> v;
        for (const std::string& p : tracePaths())
            v.push_back(std::move(*importers::readInputFile(p)));
        return v;
    }();
    return files;
}

const std::vector<core::Session>& traceSessions()
{
    static const std::vector<core::Session> sessions = [] {
        std::vector<core::Session> v;
        importers::KvCacheTesterImporter imp;
        for (const auto& f : traceFiles())
            v.push_back(std::move(imp.parse(f)->sessions.at(0)));
        return v;
    }();
    return sessions;
}

const std::vector<core::ReplayInput>& traceInputs()
{
    static const std::vector<core::ReplayInput> inputs = [] {
        std::vector<core::ReplayInput> v;
        for (const auto& s : traceSessions())
            v.push_back(core::makeReplayInput(s));
        return v;
    }();
    return inputs;
}

std::uint64_t totalAccesses()
{
    std::uint64_t n = 0;
    for (const auto& in : traceInputs())
        n += in.blocks.size();
    return n;
}

} // namespace kv::bench

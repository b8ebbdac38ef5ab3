// SPDX-License-Identifier: Apache-2.0
// kvscope-cli chunks: which chunks are prefilled again and again. Per session: how many blocks
// were prefilled once, twice, ...; the refresh factor per segment kind; and the most refreshed
// chunks with their kind, where they first appeared and the requests that prefilled them again.
#include "cli_common.h"
#include "commands.h"
#include "kv/core/chunk_refresh.h"
#include "kv/core/miss_causes.h"
#include "kv/core/session_analysis.h"
#include "text_table.h"

#include <nlohmann/json.hpp>
#include <ostream>

namespace kv::cli {

namespace {

struct SessionChunks
{
    std::string name;
    core::ChunkRefresh chunks;
    std::vector<double> times;
    std::string summary; // describeChunkRefresh, with the same policy's miss causes
    std::uint32_t blockSize = 64;
};

std::string requestList(const std::vector<std::uint32_t>& requests, std::size_t most)
{
    std::string s;
    for (std::size_t i = 0; i < requests.size() && i < most; ++i)
        s += (i ? " " : "") + std::to_string(requests[i]);
    if (requests.size() > most)
        s += " (+" + std::to_string(requests.size() - most) + ")";
    return s;
}

} // namespace

int runChunks(const Args& argv, std::ostream& out, std::ostream& err)
{
    ArgParser args("kvscope-cli chunks [--ttl S] [--capacity T] [--top N] [--json | --csv] PATH...",
        "Which chunks (blocks) are prefilled again and again under a policy: the distribution of\n"
        "prefills per chunk, the refresh factor (prefills per distinct block) per segment kind, and\n"
        "the most refreshed chunks with the requests that prefilled them again.");
    addStoreOptions(args);
    args.option("ttl", "SECONDS", "TTL (default 5m)");
    args.option("capacity", "TOKENS", "LRU capacity in tokens (default unlimited)");
    args.option("top", "N", "how many of the most refreshed chunks to list (default 10)");
    args.flag("json", "one JSON object per session per line");
    args.flag("csv", "the most refreshed chunks as CSV, one row per chunk");
    args.epilog("JSON keys: session, unique_blocks, prefilled_blocks, histogram {prefills: blocks},\n"
                "by_kind [{kind, unique_blocks, prefilled_blocks, refresh_factor}],\n"
                "top [{block, blocks, tokens, prefills, kind, first_request, position, refreshed_by}], summary.\n"
                "A chunk is a run of blocks first seen side by side in one request, of one kind, prefilled by\n"
                "the same requests; block is its first block's id, position its block index in first_request.");
    if (const auto exit = parseCommandLine(args, argv, "chunks", out, err))
        return *exit;
    auto ttl = parseSeconds(args.value("ttl", "5m"));
    if (!ttl)
        return usageError(err, "chunks", "--ttl: " + ttl.message());
    auto capacity = parseTokenCount(args.value("capacity", "inf"));
    if (!capacity)
        return usageError(err, "chunks", "--capacity: " + capacity.message());
    auto top = parseTokenCount(args.value("top", "10"));
    if (!top || *top > 100000)
        return usageError(err, "chunks", "--top must be a number");
    const bool json = args.has("json"), csv = args.has("csv");
    if (json && csv)
        return usageError(err, "chunks", "--json and --csv exclude each other");
    auto ws = openWorkspace(args, err, true);
    if (!ws)
        return usageError(err, "chunks", ws.message());

    TextTable raw(
        { "session", "block", "blocks", "tokens", "prefills", "kind", "first_request", "position", "refreshed_by" });
    const std::function<SessionChunks(const core::Session&)> work = [&](const core::Session& s) {
        const core::SessionAnalysis a = core::analyzeSession(s);
        const auto policy = core::CachePolicy::fromTokens(*ttl, *capacity, s.blockSize);
        SessionChunks r { s.name, core::chunkRefresh(a, policy, std::size_t(*top)), a.requestTimes, {}, s.blockSize };
        const core::MissCauses causes = core::summarizeMisses(a, policy).causes;
        r.summary = core::describeChunkRefresh(r.chunks, &causes, s.blockSize);
        return r;
    };
    const core::Status st = mapSessions<SessionChunks>(*ws, work, [&](SessionChunks& r) {
        const core::ChunkRefresh& c = r.chunks;
        if (json) {
            nlohmann::ordered_json o;
            o["session"] = r.name;
            o["unique_blocks"] = c.uniqueBlocks;
            o["prefilled_blocks"] = c.prefilledBlocks;
            nlohmann::ordered_json h = nlohmann::ordered_json::object();
            for (const auto& [times, blocks] : c.histogram)
                h[std::to_string(times)] = blocks;
            o["histogram"] = h;
            nlohmann::ordered_json kinds = nlohmann::ordered_json::array();
            for (std::size_t k = 0; k < c.byKind.size(); ++k)
                if (c.byKind[k].uniqueBlocks)
                    kinds.push_back({ { "kind", core::segmentKindName(core::SegmentKind(k)) },
                        { "unique_blocks", c.byKind[k].uniqueBlocks },
                        { "prefilled_blocks", c.byKind[k].prefilledBlocks },
                        { "refresh_factor", c.byKind[k].refreshFactor() } });
            o["by_kind"] = kinds;
            nlohmann::ordered_json list = nlohmann::ordered_json::array();
            for (const auto& chunk : c.top)
                list.push_back({ { "block", chunk.block }, { "blocks", chunk.blocks },
                    { "tokens", std::uint64_t(chunk.blocks) * r.blockSize }, { "prefills", chunk.prefills },
                    { "kind", core::segmentKindName(chunk.kind) }, { "first_request", chunk.firstRequest },
                    { "position", chunk.position }, { "refreshed_by", chunk.refreshedBy } });
            o["top"] = list;
            o["summary"] = r.summary;
            out << o.dump() << '\n';
            return;
        }
        if (csv) {
            for (const auto& chunk : c.top)
                raw.addRow({ r.name, std::to_string(chunk.block), std::to_string(chunk.blocks),
                    std::to_string(std::uint64_t(chunk.blocks) * r.blockSize), std::to_string(chunk.prefills),
                    core::segmentKindName(chunk.kind), std::to_string(chunk.firstRequest),
                    std::to_string(chunk.position), requestList(chunk.refreshedBy, chunk.refreshedBy.size()) });
            return;
        }
        out << r.name << ": " << withThousands(c.uniqueBlocks) << " distinct blocks prefilled "
            << withThousands(c.prefilledBlocks) << " times (refresh factor "
            << fixed(c.uniqueBlocks ? double(c.prefilledBlocks) / double(c.uniqueBlocks) : 0.0, 2) << ")\n";
        // The distribution in doubling buckets: 1, 2, 3-4, 5-8, ...
        out << "  prefills per block:";
        std::uint32_t lo = 1;
        for (std::uint32_t hi = 1; lo <= c.histogram.rbegin()->first; hi *= 2) {
            std::uint64_t n = 0;
            for (auto it = c.histogram.lower_bound(lo); it != c.histogram.end() && it->first <= hi; ++it)
                n += it->second;
            out << "  " << (lo == hi ? std::to_string(lo) : std::to_string(lo) + "-" + std::to_string(hi)) << ": "
                << withThousands(n);
            lo = hi + 1;
        }
        out << "\n  refresh factor by kind:";
        for (std::size_t k = 0; k < c.byKind.size(); ++k)
            if (c.byKind[k].uniqueBlocks)
                out << "  " << core::segmentKindName(core::SegmentKind(k)) << " "
                    << fixed(c.byKind[k].refreshFactor(), 2);
        out << '\n';
        TextTable t(
            { "blocks", "tokens", "prefills", "kind", "first seen", "position", "prefilled again by requests" });
        for (const auto& chunk : c.top)
            t.addRow({ chunk.blocks == 1
                    ? std::to_string(chunk.block)
                    : std::to_string(chunk.block) + "-" + std::to_string(chunk.block + chunk.blocks - 1),
                withThousands(std::uint64_t(chunk.blocks) * r.blockSize), std::to_string(chunk.prefills),
                core::segmentKindName(chunk.kind), "request " + std::to_string(chunk.firstRequest),
                std::to_string(chunk.position), requestList(chunk.refreshedBy, 12) });
        t.print(out);
        out << "  " << r.summary << "\n\n";
    });
    if (!st) {
        err << "kvscope-cli chunks: " << st.message() << '\n';
        return 1;
    }
    if (csv)
        raw.printCsv(out);
    return ws->inputFailed ? 1 : 0;
}

} // namespace kv::cli

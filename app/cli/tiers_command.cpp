// SPDX-License-Identifier: Apache-2.0
// kvscope-cli tiers: how much of each session's hits HBM, DRAM and NVMe (or any tiers) would
// serve, for a model's KV bytes per token, and what each tier must send back to the GPU per
// second of trace. One replay per session (or one for all with --shared-cache).
#include "cli_common.h"
#include "commands.h"
#include "kv/core/combined_session.h"
#include "kv/core/memory_tiers.h"
#include "kv/core/replay_input.h"
#include "text_table.h"

#include <cmath>
#include <nlohmann/json.hpp>
#include <ostream>

namespace kv::cli {

namespace {

struct SessionTiers
{
    std::string name;
    std::uint32_t blockSize = 64;
    double seconds = 0; // first to last request
    core::TierHits hits;
};

std::string formatBytes(double bytes)
{
    const char* units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" };
    int u = 0;
    while (bytes >= 1024 && u < 5) {
        bytes /= 1024;
        ++u;
    }
    return fixed(bytes, bytes < 10 && u > 0 ? 1 : 0) + " " + units[u];
}

} // namespace

int runTiers(const Args& argv, std::ostream& out, std::ostream& err)
{
    ArgParser args("kvscope-cli tiers --model NAME --tiers hbm=80GiB,dram=1TiB,nvme=30TiB [--ttl S] [--json | --csv] "
                   "PATH...",
        "Hits by memory tier. The tiers are exclusive LRU levels, fastest first, that demote on eviction,\n"
        "so together they act as one cache of their summed capacity; a hit is served by the tier its\n"
        "LRU stack distance falls in. Capacities in bytes become tokens through the model's KV bytes\n"
        "per token. bytes/s is what a tier sends back to the GPU per second of the trace's span.");
    addStoreOptions(args);
    args.option("model", "NAME", "model whose KV size to use (--list-models shows them)");
    args.option("models-file", "FILE", "more model specs, JSON (see kv_model_file.h)");
    args.option("tiers", "LIST", "NAME=SIZE,... fastest first, e.g. hbm=80GiB,dram=1TiB,nvme=30TiB");
    args.option("ttl", "SECONDS", "TTL on top of the tiers (default inf)");
    args.flag("list-models", "print the known models and their KV bytes per token");
    args.flag("shared-cache", "replay all sessions into one shared cache (the fleet)");
    args.flag("json", "one JSON object per session per line");
    args.flag("csv", "CSV with a header row");
    args.epilog("JSON keys: session, model, kv_bytes_per_token, ttl_seconds, input_tokens, hit_tokens, seconds,\n"
                "tiers: [{name, capacity_bytes, capacity_tokens, hit_tokens, hit_share_of_input, bytes_per_second}].");
    if (const auto exit = parseCommandLine(args, argv, "tiers", out, err))
        return *exit;
    auto loaded = kvModels(args);
    if (!loaded)
        return usageError(err, "tiers", loaded.message());
    const std::vector<core::KvModelSpec>& models = *loaded;
    if (args.has("list-models")) {
        TextTable t({ "model", "layers", "KV heads", "head dim", "latent", "bytes/value", "KV bytes per token" });
        for (const core::KvModelSpec& m : models)
            t.addRow({ m.name, std::to_string(m.layers), std::to_string(m.kvHeads), std::to_string(m.headDim),
                std::to_string(m.latentDim), fixed(m.dtypeBytes, 1), withThousands(std::uint64_t(m.bytesPerToken())) });
        t.print(out);
        return 0;
    }
    if (!args.has("model") || !args.has("tiers"))
        return usageError(err, "tiers", "--model and --tiers are required (--list-models shows the models)");
    const core::KvModelSpec* model = core::findKvModel(models, args.value("model"));
    if (!model)
        return usageError(err, "tiers", "unknown model '" + args.value("model") + "' (--list-models shows them)");
    auto tiers = core::parseTiers(args.value("tiers"));
    if (!tiers)
        return usageError(err, "tiers", "--tiers: " + tiers.message());
    auto ttl = parseSeconds(args.value("ttl", "inf"));
    if (!ttl)
        return usageError(err, "tiers", "--ttl: " + ttl.message());
    const bool json = args.has("json"), csv = args.has("csv");
    if (json && csv)
        return usageError(err, "tiers", "--json and --csv exclude each other");
    auto ws = openWorkspace(args, err, true);
    if (!ws)
        return usageError(err, "tiers", ws.message());

    const double perToken = model->bytesPerToken();
    auto analyse = [&](const core::Session& s) {
        const core::ReplayInput in = core::makeReplayInput(s);
        const core::AccessProfile p = core::AccessProfile::build(in);
        const std::vector<std::uint64_t> blocks = core::tierCapacityBlocks(*tiers, *model, s.blockSize);
        SessionTiers r { s.name, s.blockSize, in.requestCount() ? in.time.back() - in.time.front() : 0.0,
            core::TierHits(tiers->size()) };
        for (std::size_t j = 0; j < p.requestCount(); ++j)
            r.hits += core::tierHits(p, j, *ttl, blocks);
        return r;
    };
    std::vector<SessionTiers> results;
    core::Status st;
    if (args.has("shared-cache")) {
        std::vector<core::Session> sessions;
        st = forEachSession(*ws, [&](std::int64_t, const core::Session& s) { sessions.push_back(s); });
        if (st) {
            std::vector<const core::Session*> ptrs;
            for (const core::Session& s : sessions)
                ptrs.push_back(&s);
            auto combined = core::combineSessions(ptrs);
            if (!combined)
                return usageError(err, "tiers", combined.message());
            results.push_back(analyse(*combined));
            results.back().name = "shared cache (" + std::to_string(sessions.size()) + " sessions)";
        }
    } else {
        const std::function<SessionTiers(const core::Session&)> work = analyse;
        st = mapSessions<SessionTiers>(*ws, work, [&](SessionTiers& r) { results.push_back(std::move(r)); });
    }
    if (!st) {
        err << "kvscope-cli tiers: " << st.message() << '\n';
        return 1;
    }

    std::vector<std::string> headers { "session", "input_tokens", "hit_tokens", "seconds" };
    std::vector<std::string> pretty { "session", "input tokens", "hit rate" };
    for (const core::MemoryTier& t : *tiers) {
        headers.push_back(t.name + "_hit_tokens");
        headers.push_back(t.name + "_bytes_per_second");
        pretty.push_back(t.name);
        pretty.push_back(t.name + " to GPU");
    }
    TextTable raw(headers), table(pretty);
    for (const SessionTiers& r : results) {
        const std::vector<std::uint64_t> blocks = core::tierCapacityBlocks(*tiers, *model, r.blockSize);
        auto rate = [&](std::uint64_t tokens) { return r.seconds > 0 ? double(tokens) * perToken / r.seconds : 0.0; };
        if (json) {
            nlohmann::ordered_json o;
            o["session"] = r.name;
            o["model"] = model->name;
            o["kv_bytes_per_token"] = perToken;
            if (std::isinf(*ttl))
                o["ttl_seconds"] = "inf";
            else
                o["ttl_seconds"] = *ttl;
            o["input_tokens"] = r.hits.inputTokens;
            o["hit_tokens"] = r.hits.hitTokens;
            o["seconds"] = r.seconds;
            nlohmann::ordered_json list = nlohmann::ordered_json::array();
            for (std::size_t t = 0; t < tiers->size(); ++t) {
                nlohmann::ordered_json e;
                e["name"] = (*tiers)[t].name;
                e["capacity_bytes"] = (*tiers)[t].bytes;
                e["capacity_tokens"] = blocks[t] * r.blockSize;
                e["hit_tokens"] = r.hits.tokens[t];
                e["hit_share_of_input"]
                    = r.hits.inputTokens ? double(r.hits.tokens[t]) / double(r.hits.inputTokens) : 0.0;
                e["bytes_per_second"] = rate(r.hits.tokens[t]);
                list.push_back(e);
            }
            o["tiers"] = list;
            out << o.dump() << '\n';
            continue;
        }
        std::vector<std::string> row { r.name, std::to_string(r.hits.inputTokens), std::to_string(r.hits.hitTokens),
            fixed(r.seconds, 3) };
        std::vector<std::string> p { r.name, withThousands(r.hits.inputTokens),
            percent(r.hits.inputTokens ? double(r.hits.hitTokens) / double(r.hits.inputTokens) : 0.0) };
        for (std::size_t t = 0; t < tiers->size(); ++t) {
            row.push_back(std::to_string(r.hits.tokens[t]));
            row.push_back(fixed(rate(r.hits.tokens[t]), 1));
            p.push_back(percent(r.hits.inputTokens ? double(r.hits.tokens[t]) / double(r.hits.inputTokens) : 0.0));
            p.push_back(formatBytes(rate(r.hits.tokens[t])) + "/s");
        }
        raw.addRow(std::move(row));
        table.addRow(std::move(p));
    }
    if (csv) {
        raw.printCsv(out);
    } else if (!json) {
        out << model->name << ": " << withThousands(std::uint64_t(perToken)) << " KV bytes per token. Tiers:";
        const std::vector<std::uint64_t> blocks
            = core::tierCapacityBlocks(*tiers, *model, results.empty() ? 64 : results.front().blockSize);
        for (std::size_t t = 0; t < tiers->size(); ++t)
            out << ' ' << (*tiers)[t].name << ' ' << formatBytes(double((*tiers)[t].bytes)) << " = "
                << formatTokens(double(blocks[t] * (results.empty() ? 64 : results.front().blockSize))) << " tokens"
                << (t + 1 < tiers->size() ? "," : ".");
        out << "\nEach tier column: share of the input tokens it serves; \"to GPU\": bytes it sends back per second"
               "\nof the session's span.\n\n";
        table.print(out);
    }
    return ws->inputFailed ? 1 : 0;
}

} // namespace kv::cli

// SPDX-License-Identifier: Apache-2.0
// kvscope-cli serving: output tokens per second one GPU serves as a function of context length
// and hit rate, from its prefill and decode rates, with each session placed on that curve.
#include "cli_common.h"
#include "commands.h"
#include "kv/core/serving_economics.h"
#include "kv/core/session_analysis.h"
#include "text_table.h"

#include <limits>
#include <nlohmann/json.hpp>
#include <ostream>

namespace kv::cli {

namespace {
struct Placed
{
    std::string name;
    core::SessionServing serving;
};
core::Expected<double> positive(const std::string& text, const char* what)
{
    const auto v = parseNumber(text, 0, std::numeric_limits<double>::infinity());
    if (v && *v > 0)
        return *v;
    return core::Status::error(std::string(what) + " must be a positive number, not '" + text + "'");
}
} // namespace

int runServing(const Args& argv, std::ostream& out, std::ostream& err)
{
    ArgParser args("kvscope-cli serving [--prefill-rate N] [--decode-rate N] [--attention-context N] [--ttl S] "
                   "[--output N] [--json] PATH...",
        "Output tokens per second one GPU serves, against context length and cache hit rate. Cached\n"
        "tokens skip prefill; per-token cost grows by 1 + context / attention-context for prefill and\n"
        "decode alike. Each session is placed on the curve with its mean context, its hit rate under\n"
        "--ttl and its own outputs, and compared with serving it without a cache.");
    addStoreOptions(args);
    args.option("prefill-rate", "TOKENS/S", "prompt tokens per second at short context (default 10000)");
    args.option("decode-rate", "TOKENS/S", "output tokens per second, whole batch, short context (default 1500)");
    args.option("attention-context", "TOKENS", "context at which attention doubles per-token cost (default 50000)");
    args.option("ttl", "SECONDS", "TTL for the sessions' hit rates (default 5m)");
    args.option("output", "TOKENS", "output tokens per request for the curve (default 500)");
    args.flag("json", "JSON: {curve: [...], sessions: [...]}");
    args.option("csv", "TABLE", "one table as CSV: curve (context x hit rate) or sessions");
    if (const auto exit = parseCommandLine(args, argv, "serving", out, err))
        return *exit;
    core::GpuRates gpu;
    for (const auto& [key, field] : { std::pair { "prefill-rate", &gpu.prefillTokensPerSecond },
             std::pair { "decode-rate", &gpu.decodeTokensPerSecond },
             std::pair { "attention-context", &gpu.attentionContext } }) {
        if (!args.has(key))
            continue;
        auto v = positive(args.value(key), key);
        if (!v)
            return usageError(err, "serving", "--" + v.message());
        *field = *v;
    }
    auto output = positive(args.value("output", "500"), "output");
    if (!output)
        return usageError(err, "serving", "--" + output.message());
    auto ttl = parseSeconds(args.value("ttl", "5m"));
    if (!ttl)
        return usageError(err, "serving", "--ttl: " + ttl.message());
    const std::string csv = args.value("csv");
    if (args.has("csv") && csv != "curve" && csv != "sessions")
        return usageError(err, "serving", "--csv takes curve or sessions, not '" + csv + "'");
    if (args.has("csv") && args.has("json"))
        return usageError(err, "serving", "--json and --csv exclude each other");
    const bool pathsGiven = !args.positional().empty() || args.has("db") || args.has("claude") || args.has("codex");
    std::vector<Placed> placed;
    bool inputFailed = false;
    if (pathsGiven) {
        auto ws = openWorkspace(args, err, false);
        if (!ws)
            return usageError(err, "serving", ws.message());
        inputFailed = ws->inputFailed;
        const std::function<Placed(const core::Session&)> work = [&](const core::Session& s) {
            const core::SessionAnalysis a = core::analyzeSession(s);
            return Placed { s.name,
                core::sessionServing(a, core::CachePolicy::fromTokens(*ttl, core::kUnlimited, s.blockSize), gpu) };
        };
        if (const core::Status st = mapSessions<Placed>(*ws, work, [&](Placed& p) { placed.push_back(std::move(p)); });
            !st) {
            err << "kvscope-cli serving: " << st.message() << '\n';
            return 1;
        }
    }
    const double contexts[] = { 8e3, 16e3, 32e3, 64e3, 128e3, 200e3 };
    const double hitRates[] = { 0.0, 0.5, 0.8, 0.9, 0.95, 0.99 };
    if (args.has("json")) {
        nlohmann::ordered_json o;
        o["prefill_tokens_per_second"] = gpu.prefillTokensPerSecond;
        o["decode_tokens_per_second"] = gpu.decodeTokensPerSecond;
        o["attention_context"] = gpu.attentionContext;
        o["output_tokens"] = *output;
        o["curve"] = nlohmann::ordered_json::array();
        for (double l : contexts)
            for (double h : hitRates)
                o["curve"].push_back({ { "context_tokens", l }, { "hit_rate", h },
                    { "output_tokens_per_second", core::outputTokensPerSecond(l, h, *output, gpu) } });
        o["sessions"] = nlohmann::ordered_json::array();
        for (const Placed& p : placed)
            o["sessions"].push_back({ { "session", p.name }, { "mean_context_tokens", p.serving.meanContextTokens },
                { "hit_rate", p.serving.hitRate }, { "output_tokens", p.serving.outputTokens },
                { "gpu_seconds", p.serving.gpuSeconds },
                { "gpu_seconds_without_cache", p.serving.gpuSecondsWithoutCache },
                { "output_tokens_per_second", p.serving.outputPerSecond() } });
        out << o.dump() << '\n';
        return inputFailed ? 1 : 0;
    }
    if (csv == "curve") {
        TextTable t({ "context_tokens", "hit_rate", "output_tokens_per_second" });
        for (double l : contexts)
            for (double h : hitRates)
                t.addRow({ fixed(l, 0), fixed(h, 2), fixed(core::outputTokensPerSecond(l, h, *output, gpu), 3) });
        t.printCsv(out);
        return inputFailed ? 1 : 0;
    }
    if (csv == "sessions") {
        TextTable t({ "session", "mean_context_tokens", "hit_rate", "output_tokens", "gpu_seconds",
            "gpu_seconds_without_cache", "output_tokens_per_second" });
        for (const Placed& p : placed)
            t.addRow({ p.name, fixed(p.serving.meanContextTokens, 1), fixed(p.serving.hitRate, 6),
                fixed(p.serving.outputTokens, 0), fixed(p.serving.gpuSeconds, 3),
                fixed(p.serving.gpuSecondsWithoutCache, 3), fixed(p.serving.outputPerSecond(), 3) });
        t.printCsv(out);
        return inputFailed ? 1 : 0;
    }
    out << "Output tokens per second per GPU (prefill " << withThousands(std::uint64_t(gpu.prefillTokensPerSecond))
        << " tokens/s, decode " << withThousands(std::uint64_t(gpu.decodeTokensPerSecond))
        << " tokens/s, attention doubles cost at " << formatTokens(gpu.attentionContext) << " tokens), "
        << withThousands(std::uint64_t(*output)) << " output tokens per request:\n\n";
    std::vector<std::string> headers { "context" };
    for (double h : hitRates)
        headers.push_back("hit " + percent(h, 0));
    TextTable curve(headers);
    for (double l : contexts) {
        std::vector<std::string> row { formatTokens(l) };
        for (double h : hitRates)
            row.push_back(fixed(core::outputTokensPerSecond(l, h, *output, gpu), 0));
        curve.addRow(std::move(row));
    }
    curve.print(out);
    if (!placed.empty()) {
        out << "\nThe sessions, TTL " << formatDuration(*ttl) << ":\n";
        TextTable t({ "session", "mean context", "hit rate", "output tokens", "GPU time", "tokens/s", "without cache",
            "cache gives" });
        for (const Placed& p : placed) {
            const auto& s = p.serving;
            const double without = s.gpuSecondsWithoutCache > 0 ? s.outputTokens / s.gpuSecondsWithoutCache : 0.0;
            t.addRow({ p.name, formatTokens(s.meanContextTokens), percent(s.hitRate),
                withThousands(std::uint64_t(s.outputTokens)), formatDuration(s.gpuSeconds),
                fixed(s.outputPerSecond(), 0), fixed(without, 0),
                without > 0 ? fixed(s.outputPerSecond() / without, 1) + "x" : "-" });
        }
        t.print(out);
    }
    return inputFailed ? 1 : 0;
}

} // namespace kv::cli

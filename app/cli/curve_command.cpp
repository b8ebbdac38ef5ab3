// SPDX-License-Identifier: Apache-2.0
// kvscope-cli curve: hit rate and refresh factor against TTL or capacity, every point read off
// one one-pass replay per session.
#include "cli_common.h"
#include "commands.h"
#include "kv/core/curves.h"
#include "kv/core/replay_input.h"
#include "text_table.h"

#include <cmath>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>

namespace kv::cli {

namespace {

void emit(const std::vector<core::CurvePoint>& points, bool byTtl, const std::string* session, bool json,
    std::ostream& out, TextTable& table)
{
    for (const core::CurvePoint& p : points) {
        if (json) {
            nlohmann::ordered_json j;
            if (session)
                j["session"] = *session;
            if (byTtl) {
                if (std::isinf(p.x))
                    j["ttl_seconds"] = "inf";
                else
                    j["ttl_seconds"] = p.x;
            } else {
                j["capacity_tokens"] = static_cast<std::uint64_t>(p.x);
            }
            j["hit_rate"] = p.hitRate();
            j["refresh_factor"] = p.refreshFactor();
            j["input_tokens"] = p.inputTokens;
            j["hit_tokens"] = p.hitTokens;
            j["prefilled_blocks"] = p.prefilledBlocks;
            j["unique_blocks"] = p.uniqueBlocks;
            j["peak_working_set_tokens"] = p.peakWorkingSetTokens;
            out << j.dump() << '\n';
        } else {
            std::vector<std::string> row;
            if (session)
                row.push_back(*session);
            row.push_back(byTtl ? formatDuration(p.x) : formatTokens(p.x));
            row.push_back(percent(p.hitRate()));
            row.push_back(fixed(p.refreshFactor(), 2));
            row.push_back(withThousands(p.peakWorkingSetTokens));
            table.addRow(std::move(row));
        }
    }
}

} // namespace

int runCurve(const Args& argv, std::ostream& out, std::ostream& err)
{
    ArgParser args("kvscope-cli curve --by ttl|capacity [--points A,B,...] [--per-session] [--json] PATH...",
        "Hit rate and refresh factor at each point of a TTL or capacity grid, all read off one replay\n"
        "per session. Without --points: 64 TTLs from 1 s to 24 h (log spaced), or 32 capacities from\n"
        "16 blocks to the largest session's distinct blocks. Sessions are summed unless --per-session.");
    addStoreOptions(args);
    args.option("by", "AXIS", "ttl or capacity");
    args.option("points", "LIST", "comma-separated points: durations for ttl (30s,5m,1h,inf), tokens for capacity");
    args.option("ttl", "SECONDS", "fixed TTL for a capacity curve (default inf)");
    args.option("capacity", "TOKENS", "fixed capacity for a TTL curve (default unlimited)");
    args.flag("per-session", "a curve for each session instead of their sum");
    args.flag("json", "one JSON object per point per line");
    args.epilog("JSON keys: [session], ttl_seconds or capacity_tokens, hit_rate, refresh_factor, input_tokens,\n"
                "hit_tokens, prefilled_blocks, unique_blocks, peak_working_set_tokens.");
    if (const auto exit = parseCommandLine(args, argv, "curve", out, err))
        return *exit;
    const std::string by = args.value("by");
    if (by != "ttl" && by != "capacity")
        return usageError(err, "curve", "--by must be ttl or capacity");
    const bool byTtl = by == "ttl";
    std::vector<double> points;
    if (args.has("points")) {
        auto parsed = byTtl ? parseList(args.value("points"), parseSeconds)
                            : parseList(args.value("points"), [](const std::string& s) -> core::Expected<double> {
                                  auto v = parseTokenCount(s);
                                  if (!v)
                                      return v.status();
                                  return static_cast<double>(*v);
                              });
        if (!parsed)
            return usageError(err, "curve", "--points: " + parsed.message());
        points = *parsed;
    }
    auto ttl = parseSeconds(args.value("ttl", "inf"));
    if (!ttl)
        return usageError(err, "curve", "--ttl: " + ttl.message());
    auto capacity = parseTokenCount(args.value("capacity", "inf"));
    if (!capacity)
        return usageError(err, "curve", "--capacity: " + capacity.message());
    if (byTtl && points.empty())
        points = core::ttlGrid();

    auto ws = openWorkspace(args, err, true);
    if (!ws)
        return usageError(err, "curve", ws.message());

    struct Profiled
    {
        std::string name;
        std::unique_ptr<core::AccessProfile> profile;
    };
    std::vector<Profiled> profiles;
    std::uint64_t maxUnique = 0;
    std::uint32_t blockSize = 64;
    const std::vector<double> wsTtls = byTtl ? points : std::vector<double> { *ttl };
    const core::Status st = forEachSession(*ws, [&](std::int64_t, const core::Session& s) {
        const core::ReplayInput input = core::makeReplayInput(s);
        profiles.push_back(
            { s.name, std::make_unique<core::AccessProfile>(core::AccessProfile::build(input, wsTtls)) });
        maxUnique = std::max<std::uint64_t>(maxUnique, input.uniqueBlocks);
        blockSize = s.blockSize;
    });
    if (!st) {
        err << "kvscope-cli curve: " << st.message() << '\n';
        return 1;
    }
    if (!byTtl && points.empty())
        points = core::capacityGrid(maxUnique, blockSize);

    const bool json = args.has("json");
    const bool perSession = args.has("per-session");
    std::vector<std::string> headers;
    if (perSession)
        headers.push_back("session");
    headers.insert(headers.end(), { byTtl ? "ttl" : "capacity (tokens)", "hit rate", "refresh", "peak working set" });
    TextTable table(headers);
    auto curveOf = [&](std::span<const core::AccessProfile* const> ps) {
        return byTtl ? core::ttlCurve(ps, points, *capacity) : core::capacityCurve(ps, points, *ttl);
    };
    if (perSession) {
        for (const Profiled& p : profiles) {
            const core::AccessProfile* one[] = { p.profile.get() };
            emit(curveOf(one), byTtl, &p.name, json, out, table);
        }
    } else {
        std::vector<const core::AccessProfile*> all;
        for (const Profiled& p : profiles)
            all.push_back(p.profile.get());
        emit(curveOf(all), byTtl, nullptr, json, out, table);
    }
    if (!json) {
        if (!perSession)
            out << profiles.size() << " session(s), each replayed into its own cache; hit rate summed over them\n\n";
        table.print(out);
    }
    return ws->inputFailed ? 1 : 0;
}

} // namespace kv::cli

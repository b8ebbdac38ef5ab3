// SPDX-License-Identifier: Apache-2.0
// kvscope-cli stats: the corpus table of the kv-cache-tester README, computed from the traces.
#include "cli_common.h"
#include "commands.h"
#include "kv/core/access_profile.h"
#include "kv/core/replay_input.h"
#include "kv/core/summary_stats.h"
#include "text_table.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <ostream>

namespace kv::cli {

int runStats(const Args& argv, std::ostream& out, std::ostream& err)
{
    ArgParser args("kvscope-cli stats [--db FILE] [--json] PATH...",
        "Corpus statistics over the main agent of each session (the conversation, without sub-agents):\n"
        "per trace, its requests, starting and ending input tokens, duration (first to last request\n"
        "start, minutes) and hit rate with an unbounded cache and no TTL; per request, input and output\n"
        "tokens, think time and API time. Each row gives min, p25, median, p75, max and mean.");
    addStoreOptions(args);
    args.flag("json", "one JSON object whose keys name the rows, each {min,p25,median,p75,max,mean}");
    if (const auto exit = parseCommandLine(args, argv, "stats", out, err))
        return *exit;
    auto ws = openWorkspace(args, err, true);
    if (!ws)
        return usageError(err, "stats", ws.message());

    std::vector<double> requests, startIn, endIn, inPerReq, outPerReq, duration, think, api, hitRate;
    const core::Status st = forEachSession(*ws, [&](std::int64_t, const core::Session& s) {
        double first = 0, last = 0;
        std::size_t n = 0;
        const core::Request* firstReq = nullptr;
        const core::Request* lastReq = nullptr;
        for (const core::Request& r : s.requests) {
            if (r.agent != 0)
                continue;
            if (!firstReq || r.time < firstReq->time)
                firstReq = &r;
            if (!lastReq || r.time >= lastReq->time)
                lastReq = &r;
            first = n ? std::min(first, r.time) : r.time;
            last = n ? std::max(last, r.time) : r.time;
            ++n;
            inPerReq.push_back(double(r.inputTokens));
            outPerReq.push_back(double(r.outputTokens));
            think.push_back(r.thinkTime);
            api.push_back(r.apiTime);
        }
        if (!n)
            return;
        requests.push_back(double(n));
        startIn.push_back(double(firstReq->inputTokens));
        endIn.push_back(double(lastReq->inputTokens));
        duration.push_back((last - first) / 60.0);
        const core::ReplayInput input = core::makeReplayInput(s, core::AgentSelection::MainOnly);
        hitRate.push_back(core::AccessProfile::build(input).evaluate({}).totals.hitRate());
    });
    if (!st) {
        err << "kvscope-cli stats: " << st.message() << '\n';
        return 1;
    }
    const std::pair<const char*, std::vector<double>*> rows[] = {
        { "requests_per_trace", &requests },
        { "starting_input_tokens", &startIn },
        { "ending_input_tokens", &endIn },
        { "input_tokens_per_request", &inPerReq },
        { "output_tokens_per_request", &outPerReq },
        { "duration_minutes", &duration },
        { "think_time_s", &think },
        { "api_time_s", &api },
        { "conversation_hit_rate", &hitRate },
    };
    if (args.has("json")) {
        nlohmann::ordered_json j;
        for (const auto& [name, values] : rows) {
            const core::Distribution d = core::summarize(*values);
            j[name] = { { "min", d.min }, { "p25", d.p25 }, { "median", d.median }, { "p75", d.p75 }, { "max", d.max },
                { "mean", d.mean } };
        }
        out << j.dump() << '\n';
    } else {
        out << requests.size() << " trace(s), " << inPerReq.size() << " main-agent requests\n\n";
        TextTable table({ "", "min", "p25", "median", "p75", "max", "mean" });
        for (const auto& [name, values] : rows) {
            const core::Distribution d = core::summarize(*values);
            const bool rate = std::string_view(name) == "conversation_hit_rate";
            auto f = [&](double v) {
                if (d.count == 0)
                    return std::string("-");
                return rate ? percent(v)
                            : (std::abs(v) >= 100 ? withThousands(std::uint64_t(std::llround(v))) : fixed(v, 1));
            };
            table.addRow({ name, f(d.min), f(d.p25), f(d.median), f(d.p75), f(d.max), f(d.mean) });
        }
        table.print(out);
    }
    return ws->inputFailed ? 1 : 0;
}

} // namespace kv::cli

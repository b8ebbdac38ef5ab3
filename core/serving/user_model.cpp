// SPDX-License-Identifier: Apache-2.0
#include "kv/core/user_model.h"

#include "kv/core/units.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>

namespace kv::core {

Expected<TimingStrategy> parseTimingStrategy(std::string_view text)
{
    if (text == "think-only")
        return TimingStrategy::ThinkOnly;
    if (text == "original")
        return TimingStrategy::Original;
    if (text == "api-scaled")
        return TimingStrategy::ApiScaled;
    return Status::error("'" + std::string(text) + "' is not a timing strategy (think-only, original, api-scaled)");
}

const char* timingStrategyName(TimingStrategy s)
{
    switch (s) {
    case TimingStrategy::ThinkOnly:
        return "think-only";
    case TimingStrategy::Original:
        return "original";
    case TimingStrategy::ApiScaled:
        return "api-scaled";
    }
    return "";
}

SessionScript makeSessionScript(const Session& session, std::uint32_t index, const UserTiming& timing)
{
    SessionScript script;
    script.session = index;
    script.agents.resize(session.agents.size());
    std::vector<std::vector<std::uint32_t>> byAgent(session.agents.size());
    for (std::uint32_t j = 0; j < session.requests.size(); ++j)
        if (session.requests[j].agent < byAgent.size())
            byAgent[session.requests[j].agent].push_back(j);
    const auto clampWait = [&](double seconds) {
        return std::isfinite(seconds) ? std::clamp(seconds, 0.0, timing.maxDelaySeconds) * timing.timeScale : 0.0;
    };
    for (std::uint32_t a = 0; a < byAgent.size(); ++a) {
        std::vector<std::uint32_t>& list = byAgent[a];
        std::stable_sort(list.begin(), list.end(),
            [&](std::uint32_t x, std::uint32_t y) { return session.requests[x].time < session.requests[y].time; });
        if (timing.maxContextTokens > 0) { // truncated where the prompt outgrows the context window
            const auto tooLong = std::find_if(list.begin(), list.end(),
                [&](std::uint32_t j) { return session.requests[j].inputTokens > timing.maxContextTokens; });
            list.erase(tooLong, list.end());
        }
        AgentScript& agent = script.agents[a];
        agent.agent = a;
        double offset = 0;
        for (std::size_t k = 0; k < list.size(); ++k) {
            const Request& r = session.requests[list[k]];
            ScriptRequest s { list[k], 0, 0 };
            if (k > 0) {
                const Request& previous = session.requests[list[k - 1]];
                const double gap = r.time - previous.time; // the recorded pace, API time included
                offset += clampWait(gap);
                double wait = gap;
                if (timing.strategy == TimingStrategy::ThinkOnly && std::isfinite(r.thinkTime))
                    wait = r.thinkTime;
                else if (timing.strategy == TimingStrategy::ApiScaled && std::isfinite(r.thinkTime)
                    && std::isfinite(previous.apiTime))
                    wait = previous.apiTime * timing.apiTimeScale + r.thinkTime;
                s.delay = timing.strategy == TimingStrategy::Original ? 0.0 : clampWait(wait);
            }
            s.offset = timing.strategy == TimingStrategy::Original ? offset : 0.0;
            agent.requests.push_back(s);
        }
    }
    // Each sub-agent starts after the parent's request that spawned it, or else after the parent's
    // last request before the sub-agent's start time.
    for (std::uint32_t b = 1; b < session.agents.size(); ++b) {
        const Agent& sub = session.agents[b];
        if (sub.parent < 0 || std::size_t(sub.parent) >= script.agents.size() || byAgent[b].empty()
            || byAgent[std::size_t(sub.parent)].empty())
            continue;
        const std::vector<std::uint32_t>& parent = byAgent[std::size_t(sub.parent)];
        std::int32_t after = -1;
        const auto spawn = std::find(parent.begin(), parent.end(), std::uint32_t(std::max(sub.spawnRequest, 0)));
        if (sub.spawnRequest >= 0 && spawn != parent.end()) {
            after = std::int32_t(spawn - parent.begin());
        } else {
            const double start = session.requests[byAgent[b].front()].time;
            for (std::size_t k = 0; k < parent.size(); ++k)
                if (session.requests[parent[k]].time <= start)
                    after = std::int32_t(k);
        }
        const bool spawnerCut = sub.spawnRequest >= 0 && spawn == parent.end()
            && std::size_t(sub.spawnRequest) < session.requests.size()
            && session.requests[std::size_t(sub.spawnRequest)].agent == std::uint32_t(sub.parent);
        if (spawnerCut)
            continue; // spawned past where the parent's replay was cut short
        script.agents[std::size_t(sub.parent)].spawns.emplace_back(after, b);
    }
    return script;
}

Expected<UserLoad> parseUserLoad(std::string_view text)
{
    UserLoad load;
    const std::size_t colon = text.find(':');
    const std::string_view mode = text.substr(0, colon);
    const std::string_view args = colon == std::string_view::npos ? std::string_view() : text.substr(colon + 1);
    std::vector<std::string> parts;
    for (std::size_t begin = 0; begin <= args.size() && !args.empty();) {
        const std::size_t comma = std::min(args.find(',', begin), args.size());
        parts.emplace_back(args.substr(begin, comma - begin));
        begin = comma + 1;
    }
    const auto count = [](const std::string& s) -> std::optional<std::uint32_t> {
        const auto n = parseTokenCount(s);
        return n && *n > 0 && *n < 1000000 ? std::optional<std::uint32_t>(std::uint32_t(*n)) : std::nullopt;
    };
    if (mode == "fixed" && parts.size() == 1) {
        const auto n = count(parts[0]);
        if (!n)
            return Status::error("fixed:" + parts[0] + ": not a number of users");
        load.mode = UserLoad::Mode::Fixed;
        load.start = load.max = *n;
        return load;
    }
    if ((mode == "ramp" || mode == "slo") && parts.size() == 4) {
        const auto start = count(parts[0]), step = count(parts[1]), max = count(parts[3]);
        const auto period = parseDuration(parts[2]);
        if (!start || !step || !max || !period || !(*period > 0) || !std::isfinite(*period) || *max < *start)
            return Status::error(
                std::string(text) + ": expected START,STEP,PERIOD,MAX (users, users, 60 or 2m, users)");
        load.mode = mode == "ramp" ? UserLoad::Mode::Ramp : UserLoad::Mode::Slo;
        load.start = *start;
        load.step = *step;
        load.periodSeconds = *period;
        load.max = *max;
        return load;
    }
    return Status::error(
        "'" + std::string(text) + "': users are fixed:N, ramp:START,STEP,PERIOD,MAX or slo:START,STEP,PERIOD,MAX");
}

std::string describeUserLoad(const UserLoad& load)
{
    if (load.mode == UserLoad::Mode::Fixed)
        return "fixed:" + std::to_string(load.start);
    char period[32];
    std::snprintf(period, sizeof period, "%g", load.periodSeconds);
    return std::string(load.mode == UserLoad::Mode::Ramp ? "ramp:" : "slo:") + std::to_string(load.start) + ","
        + std::to_string(load.step) + "," + period + "," + std::to_string(load.max);
}

} // namespace kv::core

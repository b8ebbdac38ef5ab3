// SPDX-License-Identifier: Apache-2.0
// Users from traces, shared by the serving simulator and the load generator: each user replays a
// session's requests, waiting for each answer and then for the think time its timing strategy
// gives; sub-agents run as concurrent users and their parent waits for them. Users join as a
// fixed number, a ramp, or steered by service level objectives, and may recycle sessions.
#pragma once

#include "kv/core/session.h"
#include "kv/core/status.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kv::core {

enum class TimingStrategy
{
    ThinkOnly, // wait the recorded client think time after each answer (kv-cache-tester default)
    Original, // send at the recorded offset from the session's start, never before the last answer
    ApiScaled // wait the previous recorded API time x apiTimeScale, plus the think time
};

struct UserTiming
{
    TimingStrategy strategy = TimingStrategy::ThinkOnly;
    double apiTimeScale = 1.0;
    double timeScale = 1.0; // every wait x this (0.5: twice as fast)
    double maxDelaySeconds = 60.0; // no wait is longer (a person away for hours would idle the run)
    // An agent's replay stops before its first prompt longer than this (the served model's context
    // window; kv-cache-tester's --max-context); 0 keeps every request.
    std::uint64_t maxContextTokens = 0;
    // Hash traces keep each conversation's blocks apart, yet agents share their tool definitions
    // and system prompt: this share of the longest tools + system prefix among the sessions is one
    // canonical prefix every user's prompts start with (kv-cache-tester's --warm-prefix-pct).
    double warmPrefixShare = 0;
};
// "think-only", "original", "api-scaled".
Expected<TimingStrategy> parseTimingStrategy(std::string_view text);
const char* timingStrategyName(TimingStrategy s);

// One agent's requests of a session as a user replays them: what to send and how long to wait
// before it, and which sub-agents start after which request.
struct ScriptRequest
{
    std::uint32_t request = 0; // index into Session::requests
    double offset = 0; // seconds from the agent's first request (Original timing)
    double delay = 0; // seconds to wait after the previous answer (the other strategies)
};
struct AgentScript
{
    std::uint32_t agent = 0;
    std::vector<ScriptRequest> requests;
    // Sub-agent scripts (indexes into SessionScript::agents) that start once request k of this
    // agent is answered; the agent goes on only when they have all finished. k = -1: at its start.
    std::vector<std::pair<std::int32_t, std::uint32_t>> spawns;
};
struct SessionScript
{
    std::uint32_t session = 0; // index into the sessions given to makeSessionScripts
    std::vector<AgentScript> agents; // agents[0] is the main agent
};
SessionScript makeSessionScript(const Session& session, std::uint32_t index, const UserTiming& timing);

// How many users run over time.
struct UserLoad
{
    enum class Mode
    {
        Fixed, // start users from the beginning
        Ramp, // start users, then step more every period, up to max
        Slo // like Ramp, but add only while the objectives hold and take users away when they fail
    };
    Mode mode = Mode::Fixed;
    std::uint32_t start = 1;
    std::uint32_t step = 1;
    double periodSeconds = 60;
    std::uint32_t max = 1;
    bool randomOrder = false; // sessions in order, or a seeded random permutation
    bool recycle = true; // a user who finished a session takes the next one
    // A user starts a session partway through, at a seeded random share of its main agent's
    // requests between these (kv-cache-tester's --advance-min/--advance-max): users join with a
    // history, as in a fleet that has been running. 0, 0: from the start.
    double advanceMin = 0;
    double advanceMax = 0;
    std::uint64_t seed = 1;
    double durationSeconds = 3600; // simulated time
};
// "fixed:N", "ramp:START,STEP,PERIOD,MAX" (period as 60, 2m...), "slo:START,STEP,PERIOD,MAX".
Expected<UserLoad> parseUserLoad(std::string_view text);
// The same text back: "fixed:4", "ramp:4,4,300,60" (the period in seconds).
std::string describeUserLoad(const UserLoad& load);

// Objectives a period must meet: TTFT at a percentile, and output tokens per second per request
// (output tokens over the time from first token to the end).
struct ServiceObjectives
{
    double ttftSeconds = 2.0;
    double ttftPercentile = 95;
    double minOutputTokensPerSecond = 0; // 0: not checked
};

} // namespace kv::core

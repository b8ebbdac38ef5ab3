// SPDX-License-Identifier: Apache-2.0
// Request gaps: per agent, split by the previous response's stop reason; log histograms.
#include "kv/core/request_gaps.h"

#include <gtest/gtest.h>

using namespace kv::core;

TEST(RequestGaps, SplitByWhatTheAgentWaitedFor)
{
    Session s;
    s.agents.resize(2);
    auto add = [&](double t, std::uint32_t agent, const char* stop) {
        Request r;
        r.time = t;
        r.agent = agent;
        r.stop = s.strings.intern(stop);
        s.requests.push_back(r);
    };
    add(0, 0, "tool_use");
    add(5, 0, "end_turn"); // 5 s after a tool call
    add(6, 1, "tool_use"); // another agent: its own sequence
    add(9, 1, "tool_use"); // 3 s tool loop of agent 1
    add(305, 0, "tool_use"); // 300 s after the turn ended: a person
    const RequestGaps g = requestGaps(s);
    EXPECT_EQ(g.toolLoop, (std::vector<double> { 5, 3 }));
    EXPECT_EQ(g.human, (std::vector<double> { 300 }));
}

TEST(RequestGaps, LogHistogramClampsToItsRange)
{
    const LogHistogram h = logHistogram({ 0.01, 1, 10, 100, 1e9 }, 1, 1000, 3);
    ASSERT_EQ(h.edges.size(), 4u);
    EXPECT_DOUBLE_EQ(h.edges.front(), 1);
    EXPECT_DOUBLE_EQ(h.edges.back(), 1000);
    EXPECT_EQ(h.counts, (std::vector<std::uint64_t> { 2, 1, 2 })); // [<=10), [10,100), [100,...]
}

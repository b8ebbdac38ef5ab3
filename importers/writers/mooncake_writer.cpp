// SPDX-License-Identifier: Apache-2.0
#include "kv/importers/mooncake_writer.h"

#include "kv/core/replay_input.h"

#include <cmath>

namespace kv::importers {

std::string writeMooncakeTrace(const core::Session& session)
{
    // The replay input already orders requests by time and numbers blocks in first-seen order.
    const core::ReplayInput in = core::makeReplayInput(session);
    std::string out;
    out.reserve(in.blocks.size() * 7 + in.requestCount() * 80);
    const double t0 = in.requestCount() ? in.time.front() : 0.0;
    for (std::size_t j = 0; j < in.requestCount(); ++j) {
        const core::Request& r = session.requests[in.sourceRequest[j]];
        out += "{\"timestamp\": " + std::to_string(std::llround((in.time[j] - t0) * 1000.0));
        out += ", \"input_length\": " + std::to_string(r.inputTokens);
        out += ", \"output_length\": " + std::to_string(r.outputTokens);
        out += ", \"hash_ids\": [";
        const auto blocks = in.blocksOf(j);
        for (std::size_t i = 0; i < blocks.size(); ++i) {
            if (i)
                out += ", ";
            out += std::to_string(blocks[i]);
        }
        out += "]}\n";
    }
    return out;
}

} // namespace kv::importers

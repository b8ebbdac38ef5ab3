// SPDX-License-Identifier: Apache-2.0
#include "kv/importers/mooncake_writer.h"

#include "kv/core/replay_input.h"
#include "kv/importers/exact_time.h"

#include <charconv>
#include <cmath>
#include <string>

namespace kv::importers {

std::string writeMooncakeTrace(const core::Session& session)
{
    // The replay input already orders requests by time and numbers blocks in first-seen order.
    const core::ReplayInput in = core::makeReplayInput(session);
    std::string out;
    out.reserve(in.blocks.size() * 7 + in.requestCount() * 80);
    for (std::size_t j = 0; j < in.requestCount(); ++j) {
        const core::Request& r = session.requests[in.sourceRequest[j]];
        // Milliseconds as they are (absolute for agent logs), whole when the source's are.
        const double ms = exactScaled(in.time[j], 1000.0);
        char buf[40];
        auto res = std::to_chars(buf, buf + sizeof buf, ms);
        out += "{\"timestamp\": " + std::string(buf, res.ptr);
        out += ", \"input_length\": " + std::to_string(r.inputTokens);
        out += ", \"output_length\": " + std::to_string(r.outputTokens);
        out += ", \"hash_ids\": [";
        const auto blocks = in.blocksOf(j);
        for (std::size_t i = 0; i < blocks.size(); ++i) {
            if (i)
                out += ", ";
            out += std::to_string(blocks[i]);
        }
        out += "]";
        // kvscope's extensions, ignored by other readers: the block size when it is not Mooncake's
        // 512, and the pseudo-token count of an agent log's prompt.
        if (session.blockSize != 512)
            out += ", \"block_size\": " + std::to_string(session.blockSize);
        if (r.promptUnits)
            out += ", \"prompt_units\": " + std::to_string(r.promptUnits);
        out += "}\n";
    }
    return out;
}

} // namespace kv::importers

// SPDX-License-Identifier: Apache-2.0
// The simulated inference server's API: /v1/models, /v1/chat/completions and /v1/completions as
// OpenAI-compatible servers answer them (streaming server-sent events or whole JSON, usage with
// prompt_tokens_details.cached_tokens, stream_options.include_usage, max_tokens, ignore_eos).
// Prompts are cut into blocks with chained hashes, so the modeled cache sees real prefix reuse,
// and answers are timed by the live serving model in real time (scaled by timeScale). Faults can
// be injected: error statuses at given rates, stalls, connections cut mid-stream, slow first tokens.
#pragma once

#include "http_server.h"
#include "kv/core/live_serving_model.h"
#include "kv/core/status.h"

#include <map>
#include <mutex>
#include <random>
#include <string>
#include <string_view>

namespace kv::serve {

struct FaultInjection
{
    std::map<int, double> errorRates; // HTTP status -> share of requests answered with it
    double stallRate = 0; // share of streams that pause once mid-stream...
    double stallSeconds = 0; // ...for this long
    double cutRate = 0; // share of streams whose connection is cut mid-stream
    double slowFirstTokenSeconds = 0; // added to every time to first token
    std::uint64_t seed = 1;
};
// "429=0.05,503=0.01"
core::Expected<std::map<int, double>> parseErrorRates(std::string_view text);

class OpenAiEndpoint
{
public:
    OpenAiEndpoint(const core::ServingConfig& config, std::uint32_t blockSize, double timeScale, FaultInjection faults);
    void handle(const HttpRequest& request, HttpResponder& responder);

private:
    void completion(const HttpRequest& request, HttpResponder& responder, bool chat);
    double now() const; // model seconds since start
    double uniform();

    core::ServingConfig m_config;
    std::uint32_t m_blockSize;
    double m_timeScale;
    FaultInjection m_faults;
    std::mutex m_lock; // guards the model and the random numbers
    core::LiveServingModel m_model;
    std::mt19937_64 m_random;
    std::uint64_t m_ids = 0;
    double m_start;
};

} // namespace kv::serve

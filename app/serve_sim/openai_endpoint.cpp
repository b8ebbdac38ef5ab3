// SPDX-License-Identifier: Apache-2.0
#include "openai_endpoint.h"

#include "kv/core/prompt_chunker.h"

#include <chrono>
#include <cmath>
#include <nlohmann/json.hpp>
#include <thread>

namespace kv::serve {

namespace {

using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;

double seconds()
{
    return std::chrono::duration<double>(Clock::now().time_since_epoch()).count();
}

std::string errorJson(const std::string& message, const std::string& type)
{
    return Json { { "error", { { "message", message }, { "type", type }, { "code", nullptr } } } }.dump();
}

// The prompt as one text: chat messages with their roles, or the completion prompt.
std::string promptText(const Json& body, bool chat)
{
    std::string text;
    if (chat) {
        for (const Json& m : body.value("messages", Json::array())) {
            text += "<|" + m.value("role", std::string("user")) + "|>\n";
            const Json& content = m.contains("content") ? m["content"] : Json();
            if (content.is_string()) {
                text += content.get<std::string>();
            } else if (content.is_array()) {
                for (const Json& part : content)
                    if (part.is_object() && part.value("type", std::string()) == "text")
                        text += part.value("text", std::string());
            }
            text += "\n";
        }
        return text;
    }
    const Json& prompt = body.contains("prompt") ? body["prompt"] : Json();
    if (prompt.is_string())
        return prompt.get<std::string>();
    if (prompt.is_array())
        for (const Json& p : prompt)
            if (p.is_string())
                text += p.get<std::string>();
    return text;
}

const char* kWords[] = { " the", " cache", " keeps", " every", " prefix", " it", " has", " seen", " before", " and",
    " answers", " sooner" };

} // namespace

core::Expected<std::map<int, double>> parseErrorRates(std::string_view text)
{
    std::map<int, double> rates;
    while (!text.empty()) {
        const std::size_t comma = text.find(',');
        const std::string item(text.substr(0, comma));
        text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
        const std::size_t eq = item.find('=');
        try {
            const int status = std::stoi(item.substr(0, eq));
            const double rate = std::stod(item.substr(eq + 1));
            if (eq == std::string::npos || status < 400 || status > 599 || !(rate >= 0 && rate <= 1))
                throw 0;
            rates[status] = rate;
        } catch (...) {
            return core::Status::error("'" + item + "' is not STATUS=RATE (for example 503=0.01)");
        }
    }
    return rates;
}

OpenAiEndpoint::OpenAiEndpoint(
    const core::ServingConfig& config, std::uint32_t blockSize, double timeScale, FaultInjection faults)
    : m_config(config)
    , m_blockSize(blockSize)
    , m_timeScale(timeScale)
    , m_faults(std::move(faults))
    , m_model(config, blockSize)
    , m_random(m_faults.seed)
    , m_start(seconds())
{
}

double OpenAiEndpoint::now() const
{
    return (seconds() - m_start) / m_timeScale;
}

double OpenAiEndpoint::uniform()
{
    return std::uniform_real_distribution<double>(0.0, 1.0)(m_random);
}

void OpenAiEndpoint::handle(const HttpRequest& request, HttpResponder& responder)
{
    if (request.path == "/v1/models" || request.path == "/models") {
        if (request.method != "GET")
            return void(responder.send(405, "application/json", errorJson("use GET", "invalid_request_error")));
        const Json models { { "object", "list" },
            { "data",
                Json::array({ { { "id", m_config.model.name }, { "object", "model" }, { "created", 0 },
                    { "owned_by", "kvscope-serve-sim" } } }) } };
        return void(responder.send(200, "application/json", models.dump()));
    }
    const bool chat = request.path == "/v1/chat/completions";
    if (!chat && request.path != "/v1/completions")
        return void(responder.send(404, "application/json", errorJson("no route " + request.path, "not_found")));
    if (request.method != "POST")
        return void(responder.send(405, "application/json", errorJson("use POST", "invalid_request_error")));
    completion(request, responder, chat);
}

void OpenAiEndpoint::completion(const HttpRequest& request, HttpResponder& responder, bool chat)
{
    const Json body = Json::parse(request.body, nullptr, false);
    if (body.is_discarded() || !body.is_object())
        return void(responder.send(
            400, "application/json", errorJson("the body is not a JSON object", "invalid_request_error")));
    const std::string text = promptText(body, chat);
    if (text.empty())
        return void(responder.send(400, "application/json",
            errorJson(chat ? "messages are missing or empty" : "prompt is missing or empty", "invalid_request_error")));
    std::uint32_t maxTokens = 16;
    for (const char* key : { "max_tokens", "max_completion_tokens" })
        if (body.contains(key) && body[key].is_number_unsigned())
            maxTokens = std::max<std::uint32_t>(1, body[key].get<std::uint32_t>());
    const bool stream = body.value("stream", false);
    const bool includeUsage = stream && body.contains("stream_options") && body["stream_options"].is_object()
        && body["stream_options"].value("include_usage", false);
    const std::string model = body.value("model", m_config.model.name);

    core::PromptChunker chunker(m_blockSize);
    chunker.addText(text);
    const std::uint64_t promptTokens = std::max<std::uint64_t>(1, chunker.tokenCount());
    core::LiveServingModel::Plan plan;
    int injected = 0;
    bool stall = false, cut = false;
    std::uint64_t id = 0;
    {
        const std::lock_guard lock(m_lock);
        for (const auto& [status, rate] : m_faults.errorRates)
            if (!injected && uniform() < rate)
                injected = status;
        stall = uniform() < m_faults.stallRate;
        cut = uniform() < m_faults.cutRate;
        id = ++m_ids;
        if (!injected)
            plan = m_model.admit(chunker.blocks(), promptTokens, maxTokens, now());
    }
    if (injected)
        return void(responder.send(injected, "application/json",
            errorJson(
                "injected fault " + std::to_string(injected), injected == 429 ? "rate_limit_error" : "server_error")));
    const auto waitUntil = [&](double modelTime) {
        const double wait = (modelTime - now()) * m_timeScale;
        if (wait > 0)
            std::this_thread::sleep_for(std::chrono::duration<double>(wait));
    };
    const std::string objectId = (chat ? "chatcmpl-sim" : "cmpl-sim") + std::to_string(id);
    const auto created = std::int64_t(std::time(nullptr));
    const Json usage { { "prompt_tokens", promptTokens }, { "completion_tokens", maxTokens },
        { "total_tokens", promptTokens + maxTokens },
        { "prompt_tokens_details", { { "cached_tokens", plan.cachedTokens } } } };
    const double firstToken = plan.firstTokenAt + m_faults.slowFirstTokenSeconds / m_timeScale;
    std::string answer;
    bool ok = true;
    if (stream) {
        ok = responder.startStream("text/event-stream");
        const auto event = [&](const Json& chunk) { return ok && responder.chunk("data: " + chunk.dump() + "\n\n"); };
        for (std::uint32_t t = 0; t < maxTokens && ok; ++t) {
            waitUntil(firstToken + double(t) * plan.tokenInterval);
            if (t == maxTokens / 2 && stall)
                std::this_thread::sleep_for(std::chrono::duration<double>(m_faults.stallSeconds));
            if (t == maxTokens / 2 && cut && t > 0) {
                responder.abort();
                ok = false;
                break;
            }
            const std::string word = kWords[t % std::size(kWords)];
            Json chunk { { "id", objectId }, { "object", chat ? "chat.completion.chunk" : "text_completion" },
                { "created", created }, { "model", model } };
            if (chat)
                chunk["choices"] = Json::array({ { { "index", 0 },
                    { "delta",
                        t == 0 ? Json { { "role", "assistant" }, { "content", word } } : Json { { "content", word } } },
                    { "finish_reason", nullptr } } });
            else
                chunk["choices"] = Json::array({ { { "index", 0 }, { "text", word }, { "finish_reason", nullptr } } });
            ok = event(chunk);
        }
        if (ok) {
            Json done { { "id", objectId }, { "object", chat ? "chat.completion.chunk" : "text_completion" },
                { "created", created }, { "model", model } };
            done["choices"] = Json::array(
                { chat ? Json { { "index", 0 }, { "delta", Json::object() }, { "finish_reason", "length" } }
                       : Json { { "index", 0 }, { "text", "" }, { "finish_reason", "length" } } });
            ok = event(done);
            if (includeUsage) {
                Json last { { "id", objectId }, { "object", chat ? "chat.completion.chunk" : "text_completion" },
                    { "created", created }, { "model", model }, { "choices", Json::array() }, { "usage", usage } };
                ok = event(last);
            }
            ok = ok && responder.chunk("data: [DONE]\n\n") && responder.endStream();
        }
    } else {
        waitUntil(firstToken + double(maxTokens - 1) * plan.tokenInterval);
        for (std::uint32_t t = 0; t < maxTokens; ++t)
            answer += kWords[t % std::size(kWords)];
        Json reply { { "id", objectId }, { "object", chat ? "chat.completion" : "text_completion" },
            { "created", created }, { "model", model }, { "usage", usage } };
        reply["choices"] = Json::array(
            { chat ? Json { { "index", 0 }, { "message", { { "role", "assistant" }, { "content", answer } } },
                  { "finish_reason", "length" } }
                   : Json { { "index", 0 }, { "text", answer }, { "finish_reason", "length" } } });
        responder.send(200, "application/json", reply.dump());
    }
    const std::lock_guard lock(m_lock);
    m_model.finished(promptTokens, maxTokens);
}

} // namespace kv::serve

// SPDX-License-Identifier: Apache-2.0
// kvscope-cli serve-sim over real HTTP on loopback: the OpenAI-compatible answers (whole and
// streamed, usage with cached tokens), a cached prefix answering sooner, injected faults, bad
// requests, and 1,000 concurrent streams.
#include "test_support.h"

#include <arpa/inet.h>
#include <atomic>
#include <chrono>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using json = nlohmann::json;
using namespace kv;

namespace {

// kvscope-cli serve-sim in the background; the port it printed.
class Server
{
public:
    explicit Server(std::vector<std::string> extra)
    {
        int pipeFds[2];
        EXPECT_EQ(::pipe(pipeFds), 0);
        m_pid = ::fork();
        if (m_pid == 0) {
            ::dup2(pipeFds[1], 1);
            ::close(pipeFds[0]);
            std::vector<std::string> args { KV_CLI_PATH, "serve-sim", "--port", "0" };
            args.insert(args.end(), extra.begin(), extra.end());
            std::vector<char*> argv;
            for (std::string& a : args)
                argv.push_back(a.data());
            argv.push_back(nullptr);
            ::execv(KV_CLI_PATH, argv.data());
            ::_exit(127);
        }
        ::close(pipeFds[1]);
        std::string line;
        char c;
        while (::read(pipeFds[0], &c, 1) == 1 && c != '\n')
            line += c;
        ::close(pipeFds[0]);
        const std::size_t colon = line.rfind("127.0.0.1:");
        if (colon != std::string::npos)
            port = std::uint16_t(std::stoi(line.substr(colon + 10)));
    }
    ~Server()
    {
        ::kill(m_pid, SIGTERM);
        int status = 0;
        ::waitpid(m_pid, &status, 0);
    }
    std::uint16_t port = 0;

private:
    pid_t m_pid = -1;
};

struct Reply
{
    int status = 0;
    std::string body; // chunked bodies already joined
    bool complete = false; // the response ended properly
};

// One request on a fresh connection; reads until the response is complete or the server hangs up.
Reply request(std::uint16_t port, const std::string& method, const std::string& path, const std::string& body = {})
{
    Reply reply;
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr {};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return reply;
    }
    const std::string text = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
    ::send(fd, text.data(), text.size(), MSG_NOSIGNAL);
    std::string raw;
    char buf[8192];
    for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;)
        raw.append(buf, std::size_t(n));
    ::close(fd);
    const std::size_t headEnd = raw.find("\r\n\r\n");
    if (raw.size() < 12 || headEnd == std::string::npos)
        return reply;
    reply.status = std::stoi(raw.substr(9, 3));
    const std::string head = raw.substr(0, headEnd);
    std::string rest = raw.substr(headEnd + 4);
    if (head.find("Transfer-Encoding: chunked") == std::string::npos) {
        reply.body = rest;
        reply.complete = true;
        return reply;
    }
    for (std::size_t at = 0;;) {
        const std::size_t line = rest.find("\r\n", at);
        if (line == std::string::npos)
            break;
        const std::size_t size = std::stoul(rest.substr(at, line - at), nullptr, 16);
        if (size == 0) {
            reply.complete = true;
            break;
        }
        reply.body += rest.substr(line + 2, size);
        at = line + 2 + size + 2;
    }
    return reply;
}

// The JSON objects of a server-sent event stream, and whether it ended with [DONE].
std::vector<json> events(const std::string& body, bool& done)
{
    std::vector<json> out;
    done = false;
    for (std::size_t at = 0; (at = body.find("data: ", at)) != std::string::npos;) {
        const std::size_t end = body.find("\n\n", at);
        const std::string data = body.substr(at + 6, end - at - 6);
        at = end;
        if (data == "[DONE]")
            done = true;
        else
            out.push_back(json::parse(data));
    }
    return out;
}

std::string chat(int maxTokens, bool stream, const std::string& system)
{
    return json {
        { "model", "test" }, { "max_tokens", maxTokens }, { "stream", stream },
        { "stream_options", { { "include_usage", true } } },
        { "messages", { { { "role", "system" }, { "content", system } }, { { "role", "user" }, { "content", "hi" } } } }
    }.dump();
}

} // namespace

TEST(ServeSim, AnswersLikeAnOpenAiServerAndCachesPrefixes)
{
    Server server({ "--time-scale", "2" }); // slower than modeled: the cold prefill takes about 0.5 s
    ASSERT_NE(server.port, 0);
    const Reply models = request(server.port, "GET", "/v1/models");
    ASSERT_EQ(models.status, 200);
    EXPECT_EQ(json::parse(models.body)["data"][0]["id"], "llama-3.1-70b");
    // A long system prompt twice: the second finds it cached and answers sooner.
    std::string system;
    for (int i = 0; i < 600; ++i)
        system += "You are a careful coding agent working in a large repository. ";
    const auto timed = [&](const std::string& body, Reply& reply) {
        const auto start = std::chrono::steady_clock::now();
        reply = request(server.port, "POST", "/v1/chat/completions", body);
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };
    Reply first, second;
    const double cold = timed(chat(4, false, system), first);
    const double warm = timed(chat(4, false, system), second);
    ASSERT_EQ(first.status, 200) << first.body;
    const json a = json::parse(first.body), b = json::parse(second.body);
    EXPECT_EQ(a["object"], "chat.completion");
    EXPECT_EQ(a["choices"][0]["finish_reason"], "length");
    EXPECT_EQ(a["usage"]["completion_tokens"], 4);
    EXPECT_EQ(a["usage"]["prompt_tokens_details"]["cached_tokens"], 0);
    const auto prompt = b["usage"]["prompt_tokens"].get<std::uint64_t>();
    const auto cached = b["usage"]["prompt_tokens_details"]["cached_tokens"].get<std::uint64_t>();
    EXPECT_GT(cached, prompt * 9 / 10); // all but the user's turn and the partial block
    EXPECT_LT(warm, cold / 2) << "cold " << cold << " s, warm " << warm << " s";
    EXPECT_GT(cold, 0.4);
    // Streaming: a chunk per token, the finish reason, the usage, then [DONE].
    const Reply streamed = request(server.port, "POST", "/v1/chat/completions", chat(5, true, system));
    ASSERT_EQ(streamed.status, 200);
    EXPECT_TRUE(streamed.complete);
    bool done = false;
    const std::vector<json> chunks = events(streamed.body, done);
    EXPECT_TRUE(done);
    ASSERT_EQ(chunks.size(), 7u);
    EXPECT_EQ(chunks[0]["choices"][0]["delta"]["role"], "assistant");
    EXPECT_EQ(chunks[5]["choices"][0]["finish_reason"], "length");
    EXPECT_TRUE(chunks[6]["choices"].empty());
    EXPECT_EQ(chunks[6]["usage"]["completion_tokens"], 5);
    EXPECT_GT(chunks[6]["usage"]["prompt_tokens_details"]["cached_tokens"].get<int>(), 0);
    const Reply completion = request(server.port, "POST", "/v1/completions", R"({"prompt": "hello", "max_tokens": 2})");
    ASSERT_EQ(completion.status, 200);
    EXPECT_EQ(json::parse(completion.body)["object"], "text_completion");
    // What is not a request gets an OpenAI-style error.
    EXPECT_EQ(request(server.port, "POST", "/v1/chat/completions", "{not json").status, 400);
    EXPECT_EQ(request(server.port, "POST", "/v1/chat/completions", R"({"messages": []})").status, 400);
    EXPECT_EQ(request(server.port, "GET", "/v2/nothing").status, 404);
}

TEST(ServeSim, InjectedFaults)
{
    Server errors({ "--errors", "503=1", "--time-scale", "0.01" });
    const Reply refused = request(errors.port, "POST", "/v1/completions", R"({"prompt": "hello", "max_tokens": 2})");
    EXPECT_EQ(refused.status, 503);
    EXPECT_EQ(json::parse(refused.body)["error"]["type"], "server_error");
    Server cuts({ "--cut-rate", "1", "--time-scale", "0.01" });
    const Reply cut
        = request(cuts.port, "POST", "/v1/completions", R"({"prompt": "hello", "max_tokens": 6, "stream": true})");
    EXPECT_EQ(cut.status, 200);
    EXPECT_FALSE(cut.complete); // the connection went mid-stream
    bool done = true;
    EXPECT_EQ(events(cut.body, done).size(), 3u);
    EXPECT_FALSE(done);
    Server slow({ "--slow-first-token", "0.3" });
    const auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(request(slow.port, "POST", "/v1/completions", R"({"prompt": "hello", "max_tokens": 1})").status, 200);
    EXPECT_GE(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 0.3);
}

TEST(ServeSim, AThousandConcurrentStreams)
{
    rlimit files {};
    ::getrlimit(RLIMIT_NOFILE, &files);
    files.rlim_cur = std::min<rlim_t>(files.rlim_max, 8192);
    ::setrlimit(RLIMIT_NOFILE, &files); // the server is forked after: it inherits the limit
    if (files.rlim_cur < 2200)
        GTEST_SKIP() << "needs 2,200 open files, the limit is " << files.rlim_cur;
    Server server({ "--time-scale", "0.001" });
    ASSERT_NE(server.port, 0);
    std::atomic<int> complete { 0 };
    std::vector<std::thread> clients;
    for (int i = 0; i < 1000; ++i)
        clients.emplace_back([&, i] {
            const Reply r = request(server.port, "POST", "/v1/chat/completions",
                chat(8, true, "user " + std::to_string(i) + " asks about their own repository"));
            bool done = false;
            if (r.status == 200 && r.complete && events(r.body, done).size() == 10 && done)
                ++complete;
        });
    for (std::thread& t : clients)
        t.join();
    EXPECT_EQ(complete.load(), 1000);
}

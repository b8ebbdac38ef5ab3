// SPDX-License-Identifier: Apache-2.0
// A small HTTP/1.1 server on loopback for the simulated inference server: one thread per
// connection (answers mostly wait, so a thousand streams are a thousand sleeping threads),
// keep-alive, Content-Length request bodies, and responses either whole or streamed with chunked
// transfer encoding (server-sent events).
#pragma once

#include "kv/core/status.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>

namespace kv::serve {

struct HttpRequest
{
    std::string method;
    std::string path;
    std::map<std::string, std::string> headers; // names in lower case
    std::string body;
};

// Writes one response on a connection: send() once, or startStream(), chunk()..., endStream().
class HttpResponder
{
public:
    explicit HttpResponder(int fd)
        : m_fd(fd)
    {
    }
    bool send(int status, const std::string& contentType, const std::string& body);
    bool startStream(const std::string& contentType);
    bool chunk(const std::string& data);
    bool endStream();
    // Cuts the connection without ending the response (fault injection).
    void abort();
    bool aborted() const { return m_aborted; }

private:
    bool writeAll(const std::string& bytes);
    int m_fd;
    bool m_aborted = false;
};

class HttpServer
{
public:
    using Handler = std::function<void(const HttpRequest&, HttpResponder&)>;
    ~HttpServer();
    // Listens on 127.0.0.1:port (0: any free port); returns the port.
    core::Expected<std::uint16_t> listen(std::uint16_t port);
    // Accepts connections until stop(); each gets its own thread running handler per request.
    void serve(const Handler& handler);
    void stop();

private:
    int m_fd = -1;
    std::atomic<bool> m_stopping { false };
};

} // namespace kv::serve

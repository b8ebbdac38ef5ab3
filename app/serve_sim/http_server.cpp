// SPDX-License-Identifier: Apache-2.0
#include "http_server.h"

#include <arpa/inet.h>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace kv::serve {

namespace {

const char* reason(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 411:
        return "Length Required";
    case 413:
        return "Payload Too Large";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    default:
        return "Error";
    }
}

constexpr std::size_t kMaxBody = 64u << 20;

// Reads one request from a connection (buffer keeps bytes past it); false when the peer closed
// or sent something that is not HTTP.
bool readRequest(int fd, std::string& buffer, HttpRequest& request, int& errorStatus)
{
    errorStatus = 0;
    std::size_t headerEnd;
    while ((headerEnd = buffer.find("\r\n\r\n")) == std::string::npos) {
        if (buffer.size() > (1u << 20))
            return errorStatus = 400, false;
        char chunk[16384];
        const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0)
            return false;
        buffer.append(chunk, std::size_t(n));
    }
    const std::string head = buffer.substr(0, headerEnd);
    buffer.erase(0, headerEnd + 4);
    const std::size_t lineEnd = head.find("\r\n");
    const std::string line = head.substr(0, lineEnd);
    const std::size_t sp1 = line.find(' '), sp2 = line.rfind(' ');
    if (sp1 == std::string::npos || sp2 == sp1)
        return errorStatus = 400, false;
    request = {};
    request.method = line.substr(0, sp1);
    request.path = line.substr(sp1 + 1, sp2 - sp1 - 1);
    if (const std::size_t q = request.path.find('?'); q != std::string::npos)
        request.path.erase(q);
    for (std::size_t at = lineEnd == std::string::npos ? head.size() : lineEnd + 2; at < head.size();) {
        std::size_t end = head.find("\r\n", at);
        if (end == std::string::npos)
            end = head.size();
        const std::string h = head.substr(at, end - at);
        at = end + 2;
        const std::size_t colon = h.find(':');
        if (colon == std::string::npos)
            continue;
        std::string name = h.substr(0, colon);
        for (char& c : name)
            c = char(std::tolower(static_cast<unsigned char>(c)));
        std::size_t v = colon + 1;
        while (v < h.size() && h[v] == ' ')
            ++v;
        request.headers[name] = h.substr(v);
    }
    if (request.headers.count("transfer-encoding"))
        return errorStatus = 411, false;
    std::size_t length = 0;
    if (const auto it = request.headers.find("content-length"); it != request.headers.end()) {
        try {
            length = std::stoull(it->second);
        } catch (...) {
            return errorStatus = 400, false;
        }
    }
    if (length > kMaxBody)
        return errorStatus = 413, false;
    while (buffer.size() < length) {
        char chunk[65536];
        const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0)
            return false;
        buffer.append(chunk, std::size_t(n));
    }
    request.body = buffer.substr(0, length);
    buffer.erase(0, length);
    return true;
}

} // namespace

bool HttpResponder::writeAll(const std::string& bytes)
{
    if (m_aborted)
        return false;
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::send(m_fd, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            m_aborted = true;
            return false;
        }
        done += std::size_t(n);
    }
    return true;
}

bool HttpResponder::send(int status, const std::string& contentType, const std::string& body)
{
    return writeAll("HTTP/1.1 " + std::to_string(status) + " " + reason(status) + "\r\nContent-Type: " + contentType
        + "\r\nContent-Length: " + std::to_string(body.size()) + "\r\nConnection: keep-alive\r\n\r\n" + body);
}

bool HttpResponder::startStream(const std::string& contentType)
{
    return writeAll("HTTP/1.1 200 OK\r\nContent-Type: " + contentType
        + "\r\nCache-Control: no-cache\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n");
}

bool HttpResponder::chunk(const std::string& data)
{
    char size[32];
    std::snprintf(size, sizeof size, "%zx\r\n", data.size());
    return writeAll(size + data + "\r\n");
}

bool HttpResponder::endStream()
{
    return writeAll("0\r\n\r\n");
}

void HttpResponder::abort()
{
    m_aborted = true;
    ::shutdown(m_fd, SHUT_RDWR);
}

HttpServer::~HttpServer()
{
    stop();
}

core::Expected<std::uint16_t> HttpServer::listen(std::uint16_t port)
{
    m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (m_fd < 0)
        return core::Status::error(std::string("socket: ") + std::strerror(errno));
    const int one = 1;
    ::setsockopt(m_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr {};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) < 0)
        return core::Status::error("127.0.0.1:" + std::to_string(port) + ": " + std::strerror(errno));
    if (::listen(m_fd, 4096) < 0)
        return core::Status::error(std::string("listen: ") + std::strerror(errno));
    socklen_t len = sizeof addr;
    ::getsockname(m_fd, reinterpret_cast<sockaddr*>(&addr), &len);
    return std::uint16_t(ntohs(addr.sin_port));
}

void HttpServer::serve(const Handler& handler)
{
    while (!m_stopping) {
        const int fd = ::accept(m_fd, nullptr, nullptr);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED || errno == EMFILE || errno == ENFILE)
                continue;
            break;
        }
        const int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one); // tokens go out as they come
        std::thread([fd, &handler] {
            std::string buffer;
            for (;;) {
                HttpRequest request;
                int errorStatus = 0;
                if (!readRequest(fd, buffer, request, errorStatus)) {
                    if (errorStatus) {
                        HttpResponder r(fd);
                        r.send(errorStatus, "application/json",
                            "{\"error\":{\"message\":\"malformed request\",\"type\":\"invalid_request_error\"}}");
                    }
                    break;
                }
                HttpResponder responder(fd);
                handler(request, responder);
                if (responder.aborted())
                    break;
                if (const auto it = request.headers.find("connection");
                    it != request.headers.end() && (it->second == "close" || it->second == "Close"))
                    break;
            }
            ::close(fd);
        }).detach();
    }
}

void HttpServer::stop()
{
    if (m_fd >= 0) {
        m_stopping = true;
        ::shutdown(m_fd, SHUT_RDWR);
        ::close(m_fd);
        m_fd = -1;
    }
}

} // namespace kv::serve

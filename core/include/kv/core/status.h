// SPDX-License-Identifier: Apache-2.0
// Status and Expected<T>: how core reports failure without throwing across module boundaries.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace kv::core {

// An error message meant for a person: it names the file, line or byte offset and what was wrong.
class Status
{
public:
    Status() = default;
    static Status error(std::string message)
    {
        Status s;
        s.m_ok = false;
        s.m_message = std::move(message);
        return s;
    }
    bool ok() const noexcept { return m_ok; }
    explicit operator bool() const noexcept { return m_ok; }
    const std::string& message() const noexcept { return m_message; }

private:
    bool m_ok = true;
    std::string m_message;
};

template <class T> class Expected
{
public:
    Expected(T value)
        : m_v(std::move(value))
    {
    }
    Expected(Status error)
        : m_v(std::move(error))
    {
    }
    bool ok() const noexcept { return std::holds_alternative<T>(m_v); }
    explicit operator bool() const noexcept { return ok(); }
    T& value() { return std::get<T>(m_v); }
    const T& value() const { return std::get<T>(m_v); }
    T& operator*() { return value(); }
    T* operator->() { return &value(); }
    const T& operator*() const { return value(); }
    const T* operator->() const { return &value(); }
    const Status& status() const
    {
        static const Status okStatus;
        return ok() ? okStatus : std::get<Status>(m_v);
    }
    const std::string& message() const { return status().message(); }

private:
    std::variant<T, Status> m_v;
};

} // namespace kv::core

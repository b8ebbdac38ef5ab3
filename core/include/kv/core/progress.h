// SPDX-License-Identifier: Apache-2.0
// Progress reporting and cancellation for long work, as plain C++ so core stays free of Qt.
// The Qt bridge adapts these to QPromise; the CLI ignores progress or prints it to stderr.
#pragma once

#include <atomic>
#include <cstdint>
#include <string_view>

namespace kv::core {

class ProgressSink
{
public:
    virtual ~ProgressSink() = default;
    virtual void stage(std::string_view name, int index, int count) = 0;
    virtual void advance(std::uint64_t done, std::uint64_t total) = 0;
};

class NullProgress final : public ProgressSink
{
public:
    void stage(std::string_view, int, int) override { }
    void advance(std::uint64_t, std::uint64_t) override { }
};

// Checked at loop granularity (per file, per request batch), never per block.
class CancelToken
{
public:
    void request() noexcept { m_flag.store(true, std::memory_order_relaxed); }
    bool requested() const noexcept { return m_flag.load(std::memory_order_relaxed); }

private:
    std::atomic<bool> m_flag { false };
};

} // namespace kv::core

// SPDX-License-Identifier: Apache-2.0
#include "kv/core/cache_policy.h"

#include <cmath>
#include <cstdio>

namespace kv::core {

std::string CachePolicy::describe(std::uint32_t blockSize) const
{
    std::string s;
    char buf[64];
    if (hasTtl()) {
        std::snprintf(buf, sizeof buf, "ttl %gs", ttl);
        s += buf;
    }
    if (hasCapacity()) {
        if (!s.empty())
            s += ", ";
        std::snprintf(
            buf, sizeof buf, "capacity %llu tokens", static_cast<unsigned long long>(capacityBlocks * blockSize));
        s += buf;
    }
    return s.empty() ? "unbounded cache" : s;
}

} // namespace kv::core

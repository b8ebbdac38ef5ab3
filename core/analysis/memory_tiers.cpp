// SPDX-License-Identifier: Apache-2.0
#include "kv/core/memory_tiers.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>

namespace kv::core {

double KvModelSpec::bytesPerToken() const
{
    const double full = double(layers - std::min(slidingLayers, layers));
    return latentDim ? full * latentDim * dtypeBytes : full * 2.0 * kvHeads * headDim * dtypeBytes;
}

std::span<const KvModelSpec> builtinKvModels()
{
    // layers, KV heads, head dim, bytes per value, MLA latent, sliding-window layers
    static const std::array<KvModelSpec, 7> specs { {
        { "llama-3.1-8b", 32, 8, 128, 2, 0, 0 },
        { "llama-3.1-70b", 80, 8, 128, 2, 0, 0 },
        { "qwen3-32b", 64, 8, 128, 2, 0, 0 },
        { "qwen3-235b-a22b", 94, 4, 128, 2, 0, 0 },
        { "deepseek-v3", 61, 1, 0, 2, 512 + 64, 0 }, // kv_lora_rank 512 + qk_rope_head_dim 64
        { "gpt-oss-120b", 36, 8, 64, 2, 0, 18 }, // every other layer has a 128-token window
        { "gpt-oss-20b", 24, 8, 64, 2, 0, 12 },
    } };
    return specs;
}

const KvModelSpec* findKvModel(std::span<const KvModelSpec> specs, std::string_view name)
{
    for (const KvModelSpec& s : specs)
        if (s.name == name)
            return &s;
    return nullptr;
}

Expected<std::uint64_t> parseByteSize(std::string_view text)
{
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
        text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.remove_suffix(1);
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || value < 0 || !std::isfinite(value))
        return Status::error("'" + std::string(text) + "' is not a size (80GiB, 1TiB, 512GB)");
    std::string unit(end, text.data() + text.size());
    unit.erase(std::remove_if(unit.begin(), unit.end(), [](unsigned char c) { return std::isspace(c); }), unit.end());
    for (char& c : unit)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    static const std::pair<const char*, double> units[]
        = { { "", 1 }, { "b", 1 }, { "kb", 1e3 }, { "mb", 1e6 }, { "gb", 1e9 }, { "tb", 1e12 }, { "pb", 1e15 },
              { "kib", 1024.0 }, { "mib", 1048576.0 }, { "gib", 1073741824.0 }, { "tib", 1099511627776.0 },
              { "pib", 1125899906842624.0 }, { "k", 1e3 }, { "m", 1e6 }, { "g", 1e9 }, { "t", 1e12 }, { "p", 1e15 } };
    for (const auto& [name, factor] : units)
        if (unit == name)
            return static_cast<std::uint64_t>(std::llround(value * factor));
    return Status::error(
        "'" + std::string(text) + "': unknown unit '" + unit + "' (B, KB, MB, GB, TB, PB, KiB, MiB, GiB, TiB, PiB)");
}

Expected<std::vector<MemoryTier>> parseTiers(std::string_view text)
{
    std::vector<MemoryTier> out;
    while (!text.empty()) {
        const std::size_t comma = text.find(',');
        const std::string_view item = text.substr(0, comma);
        text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
        const std::size_t eq = item.find('=');
        if (eq == std::string_view::npos || eq == 0)
            return Status::error("'" + std::string(item) + "' is not NAME=SIZE (for example hbm=80GiB)");
        auto bytes = parseByteSize(item.substr(eq + 1));
        if (!bytes)
            return Status::error(std::string(item.substr(0, eq)) + ": " + bytes.message());
        out.push_back({ std::string(item.substr(0, eq)), *bytes });
    }
    if (out.empty())
        return Status::error("no tiers given (for example hbm=80GiB,dram=1TiB,nvme=30TiB)");
    return out;
}

std::vector<std::uint64_t> tierCapacityBlocks(
    std::span<const MemoryTier> tiers, const KvModelSpec& model, std::uint32_t blockSize)
{
    std::vector<std::uint64_t> out;
    const double perBlock = model.bytesPerToken() * blockSize;
    for (const MemoryTier& t : tiers)
        out.push_back(perBlock > 0 ? static_cast<std::uint64_t>(double(t.bytes) / perBlock) : 0);
    return out;
}

TierHits& TierHits::operator+=(const TierHits& o)
{
    tokens.resize(std::max(tokens.size(), o.tokens.size()), 0);
    blocks.resize(std::max(blocks.size(), o.blocks.size()), 0);
    for (std::size_t i = 0; i < o.tokens.size(); ++i) {
        tokens[i] += o.tokens[i];
        blocks[i] += o.blocks[i];
    }
    inputTokens += o.inputTokens;
    hitTokens += o.hitTokens;
    return *this;
}

namespace {

// Calls fn(first, end, tier) for each stretch of request j's hit prefix held by one tier.
template <class Fn>
void forEachTierStretch(
    const AccessProfile& p, std::size_t j, double ttl, std::span<const std::uint64_t> tierBlocks, Fn&& fn)
{
    std::uint64_t total = 0;
    for (std::uint64_t c : tierBlocks)
        total = c > kUnlimited - total ? kUnlimited : total + c;
    const std::uint32_t k = p.hitBlocks(j, CachePolicy { ttl, total });
    for (const RunRecord& r : p.runs(j)) {
        if (r.pos >= k)
            break;
        const std::int64_t end = std::min<std::int64_t>(r.pos + r.length, k);
        // Block i of the run has distance d0 - (i - pos): it sits in tier t when lo <= d < hi.
        std::uint64_t lo = 0;
        for (std::size_t t = 0; t < tierBlocks.size(); ++t) {
            const std::uint64_t hi = tierBlocks[t] > kUnlimited - lo ? kUnlimited : lo + tierBlocks[t];
            const std::int64_t d0 = r.distance, pos = r.pos;
            const std::int64_t first
                = std::max<std::int64_t>(pos, hi >= std::uint64_t(INT64_MAX) ? pos : pos + d0 - std::int64_t(hi) + 1);
            const std::int64_t last = std::min<std::int64_t>(end, pos + d0 - std::int64_t(lo) + 1); // exclusive
            if (last > first)
                fn(std::uint32_t(first), std::uint32_t(last), std::uint32_t(t));
            lo = hi;
            if (lo == kUnlimited)
                break;
        }
    }
}

} // namespace

TierHits tierHits(const AccessProfile& p, std::size_t j, double ttl, std::span<const std::uint64_t> tierBlocks)
{
    TierHits out(tierBlocks.size());
    out.inputTokens = p.inputTokens(j);
    forEachTierStretch(p, j, ttl, tierBlocks, [&](std::uint32_t a, std::uint32_t b, std::uint32_t t) {
        out.blocks[t] += b - a;
        out.tokens[t] += p.hitTokens(j, b) - p.hitTokens(j, a);
    });
    for (std::uint64_t t : out.tokens)
        out.hitTokens += t;
    return out;
}

std::vector<std::uint32_t> hitBlockTiers(
    const AccessProfile& p, std::size_t j, double ttl, std::span<const std::uint64_t> tierBlocks)
{
    std::vector<std::uint32_t> out;
    forEachTierStretch(p, j, ttl, tierBlocks, [&](std::uint32_t a, std::uint32_t b, std::uint32_t t) {
        if (out.size() < b)
            out.resize(b, 0);
        std::fill(out.begin() + a, out.begin() + b, t);
    });
    return out;
}

} // namespace kv::core

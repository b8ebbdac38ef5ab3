// SPDX-License-Identifier: Apache-2.0
// Chart level of detail against brute force on random series: the reduced line keeps every
// pixel column's first, last, lowest and highest point; reduced columns keep each column's tallest.
#include "kv/core/series_lod.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <map>
#include <random>

using namespace kv::core;

namespace {

struct Series
{
    std::vector<double> x, y;
};

Series randomSeries(std::mt19937_64& rng, std::size_t n)
{
    Series s;
    std::uniform_real_distribution<double> step(0.0, 2.0), value(-50.0, 50.0);
    double x = -10;
    for (std::size_t i = 0; i < n; ++i) {
        x += rng() % 5 == 0 ? 0.0 : step(rng); // ties happen (requests at the same second)
        s.x.push_back(x);
        s.y.push_back(value(rng));
    }
    return s;
}

int bucketOf(double x, double x0, double x1, int buckets)
{
    return std::clamp(int((x - x0) / ((x1 - x0) / buckets)), 0, buckets - 1);
}

} // namespace

TEST(SeriesLod, LineKeepsEveryColumnsExtremes)
{
    std::mt19937_64 rng(7);
    for (int round = 0; round < 200; ++round) {
        const Series s = randomSeries(rng, 50 + rng() % 5000);
        const double x0 = s.x.front() + (s.x.back() - s.x.front()) * double(rng() % 40) / 100.0;
        const double x1 = x0 + (s.x.back() - x0) * (0.3 + double(rng() % 70) / 100.0);
        const int buckets = 1 + int(rng() % 300);
        const auto kept = reduceLine(s.x, s.y, x0, x1, buckets);
        ASSERT_TRUE(std::is_sorted(kept.begin(), kept.end()));
        ASSERT_TRUE(std::adjacent_find(kept.begin(), kept.end()) == kept.end()) << "no index twice";
        std::size_t inside = 0;
        std::map<int, std::pair<double, double>> brute, reduced; // bucket -> (min, max)
        std::map<int, std::pair<std::size_t, std::size_t>> ends, keptEnds; // bucket -> (first, last)
        for (std::size_t i = 0; i < s.x.size(); ++i) {
            if (s.x[i] < x0 || s.x[i] > x1)
                continue;
            ++inside;
            const int b = bucketOf(s.x[i], x0, x1, buckets);
            auto [it, fresh] = brute.try_emplace(b, s.y[i], s.y[i]);
            it->second = { std::min(it->second.first, s.y[i]), std::max(it->second.second, s.y[i]) };
            auto [e, f2] = ends.try_emplace(b, i, i);
            e->second.second = i;
        }
        for (std::uint32_t i : kept) {
            if (s.x[i] < x0 || s.x[i] > x1)
                continue;
            const int b = bucketOf(s.x[i], x0, x1, buckets);
            auto [it, fresh] = reduced.try_emplace(b, s.y[i], s.y[i]);
            it->second = { std::min(it->second.first, s.y[i]), std::max(it->second.second, s.y[i]) };
            auto [e, f2] = keptEnds.try_emplace(b, i, i);
            e->second.second = i;
        }
        EXPECT_EQ(reduced, brute) << "round " << round;
        EXPECT_EQ(keptEnds, ends) << "round " << round;
        const auto keptInside
            = std::count_if(kept.begin(), kept.end(), [&](std::uint32_t i) { return s.x[i] >= x0 && s.x[i] <= x1; });
        if (inside <= std::size_t(buckets) * 4) {
            EXPECT_EQ(std::size_t(keptInside), inside);
        } else {
            EXPECT_LE(kept.size(), std::size_t(buckets) * 4 + 2);
        }
        // The neighbours outside the window are there, so the line reaches its edges.
        const auto firstInside = std::lower_bound(s.x.begin(), s.x.end(), x0) - s.x.begin();
        if (firstInside > 0) {
            EXPECT_EQ(kept.front(), std::uint32_t(firstInside - 1));
        }
    }
}

TEST(SeriesLod, ColumnsKeepTheTallestPerColumn)
{
    std::mt19937_64 rng(11);
    for (int round = 0; round < 200; ++round) {
        const Series s = randomSeries(rng, 10 + rng() % 5000);
        const double x0 = s.x.front(), x1 = s.x.back();
        const int buckets = 1 + int(rng() % 400);
        const auto kept = reduceColumns(s.x, s.y, x0, x1, buckets);
        ASSERT_TRUE(std::is_sorted(kept.begin(), kept.end()));
        if (s.x.size() <= std::size_t(buckets)) {
            EXPECT_EQ(kept.size(), s.x.size());
            continue;
        }
        std::map<int, double> brute, reduced;
        for (std::size_t i = 0; i < s.x.size(); ++i) {
            auto [it, fresh] = brute.try_emplace(bucketOf(s.x[i], x0, x1, buckets), s.y[i]);
            it->second = std::max(it->second, s.y[i]);
        }
        for (std::uint32_t i : kept) {
            auto [it, fresh] = reduced.try_emplace(bucketOf(s.x[i], x0, x1, buckets), s.y[i]);
            EXPECT_TRUE(fresh) << "one column per bucket";
        }
        EXPECT_EQ(reduced, brute) << "round " << round;
    }
}

TEST(SeriesLod, EmptyAndDegenerateInput)
{
    const std::vector<double> none;
    EXPECT_TRUE(reduceLine(none, none, 0, 1, 10).empty());
    const std::vector<double> x { 1, 2, 3 }, y { 5, 6, 7 };
    EXPECT_TRUE(reduceLine(x, y, 2, 1, 10).empty()); // inverted window
    EXPECT_TRUE(reduceColumns(x, y, 0, 10, 0).empty());
    EXPECT_EQ(reduceLine(x, y, 1.5, 2.5, 10), (std::vector<std::uint32_t> { 0, 1, 2 }));
    EXPECT_EQ(reduceColumns(x, y, 1.5, 2.5, 10), (std::vector<std::uint32_t> { 1 }));
}

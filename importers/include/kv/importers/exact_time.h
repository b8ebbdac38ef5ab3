// SPDX-License-Identifier: Apache-2.0
// Times written so that reading them back gives the same doubles: the replay compares gaps with
// TTLs exactly, so a trace written by kvscope must replay exactly like its source.
#pragma once

#include <cmath>

namespace kv::importers {

// A relative time r such that base + r == t in double arithmetic (as readers compute it).
inline double exactOffset(double t, double base)
{
    double r = t - base;
    for (int i = 0; i < 8 && base + r != t; ++i)
        r = std::nextafter(r, base + r < t ? INFINITY : -INFINITY);
    return r;
}

// A value v such that v / scale == t in double arithmetic (e.g. milliseconds for seconds).
inline double exactScaled(double t, double scale)
{
    double v = t * scale;
    for (int i = 0; i < 8 && v / scale != t; ++i)
        v = std::nextafter(v, v / scale < t ? INFINITY : -INFINITY);
    return v;
}

} // namespace kv::importers

// SPDX-License-Identifier: Apache-2.0
// The store's schema as a list of migrations: step i takes PRAGMA user_version from i to i+1.
#pragma once

#include <span>
#include <string_view>

namespace kv::core {

std::span<const std::string_view> schemaMigrations();

} // namespace kv::core

// SPDX-License-Identifier: Apache-2.0
// A thin RAII layer over the sqlite3 C API: a connection, prepared statements and transactions.
// One Database per thread; statements belong to the connection that prepared them.
#pragma once

#include "kv/core/status.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace kv::core {

class Statement
{
public:
    Statement() = default;
    Statement(sqlite3* db, sqlite3_stmt* stmt)
        : m_db(db)
        , m_stmt(stmt)
    {
    }
    Statement(Statement&& o) noexcept;
    Statement& operator=(Statement&& o) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    Statement& bind(int i, std::int64_t v);
    Statement& bind(int i, double v); // NaN binds NULL
    Statement& bind(int i, std::string_view v);
    Statement& bindBlob(int i, std::span<const std::uint8_t> v);
    Statement& bindNull(int i);

    // Returns true while a row is available; false when done. Errors end up in status().
    bool step();
    Status run(); // step to completion
    void reset();

    std::int64_t int64(int col) const;
    double real(int col) const; // NULL reads as NaN
    std::string text(int col) const;
    std::span<const std::uint8_t> blob(int col) const;
    bool isNull(int col) const;
    const Status& status() const { return m_status; }

private:
    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_stmt = nullptr;
    Status m_status;
};

class Database
{
public:
    // path ":memory:" opens a private in-memory database.
    static Expected<Database> open(const std::string& path);
    Database(Database&& o) noexcept;
    Database& operator=(Database&& o) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    ~Database();

    Status exec(std::string_view sql);
    Expected<Statement> prepare(std::string_view sql);
    std::int64_t lastInsertRowId() const;
    std::string errorMessage() const;
    const std::string& path() const { return m_path; }

private:
    Database() = default;
    sqlite3* m_db = nullptr;
    std::string m_path;
};

// Rolls back unless committed.
class Transaction
{
public:
    explicit Transaction(Database& db);
    ~Transaction();
    Status begin();
    Status commit();

private:
    Database& m_db;
    bool m_open = false;
};

} // namespace kv::core

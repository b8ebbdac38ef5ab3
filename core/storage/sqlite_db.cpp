// SPDX-License-Identifier: Apache-2.0
#include "kv/core/sqlite_db.h"

#include <cmath>
#include <limits>
#include <sqlite3.h>

namespace kv::core {

Statement::Statement(Statement&& o) noexcept
    : m_db(o.m_db)
    , m_stmt(o.m_stmt)
    , m_status(std::move(o.m_status))
{
    o.m_stmt = nullptr;
}

Statement& Statement::operator=(Statement&& o) noexcept
{
    if (this != &o) {
        sqlite3_finalize(m_stmt);
        m_db = o.m_db;
        m_stmt = o.m_stmt;
        m_status = std::move(o.m_status);
        o.m_stmt = nullptr;
    }
    return *this;
}

Statement::~Statement()
{
    sqlite3_finalize(m_stmt);
}

Statement& Statement::bind(int i, std::int64_t v)
{
    sqlite3_bind_int64(m_stmt, i, v);
    return *this;
}

Statement& Statement::bind(int i, double v)
{
    if (std::isnan(v))
        sqlite3_bind_null(m_stmt, i);
    else
        sqlite3_bind_double(m_stmt, i, v);
    return *this;
}

Statement& Statement::bind(int i, std::string_view v)
{
    sqlite3_bind_text(m_stmt, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::bindBlob(int i, std::span<const std::uint8_t> v)
{
    sqlite3_bind_blob(m_stmt, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::bindNull(int i)
{
    sqlite3_bind_null(m_stmt, i);
    return *this;
}

bool Statement::step()
{
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc != SQLITE_DONE)
        m_status = Status::error(std::string("sqlite: ") + sqlite3_errmsg(m_db));
    return false;
}

Status Statement::run()
{
    while (step()) { }
    Status s = m_status;
    reset();
    return s;
}

void Statement::reset()
{
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
    m_status = Status();
}

std::int64_t Statement::int64(int col) const
{
    return sqlite3_column_int64(m_stmt, col);
}

double Statement::real(int col) const
{
    if (sqlite3_column_type(m_stmt, col) == SQLITE_NULL)
        return std::numeric_limits<double>::quiet_NaN();
    return sqlite3_column_double(m_stmt, col);
}

std::string Statement::text(int col) const
{
    const auto* p = sqlite3_column_text(m_stmt, col);
    return p ? std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(m_stmt, col)) : std::string();
}

std::span<const std::uint8_t> Statement::blob(int col) const
{
    const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(m_stmt, col));
    return { p, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, col)) };
}

bool Statement::isNull(int col) const
{
    return sqlite3_column_type(m_stmt, col) == SQLITE_NULL;
}

Expected<Database> Database::open(const std::string& path)
{
    Database db;
    db.m_path = path;
    const int rc = sqlite3_open_v2(path.c_str(), &db.m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    if (rc != SQLITE_OK)
        return Status::error(path + ": cannot open database: " + (db.m_db ? sqlite3_errmsg(db.m_db) : "out of memory"));
    sqlite3_busy_timeout(db.m_db, 5000);
    return db;
}

Database::Database(Database&& o) noexcept
    : m_db(o.m_db)
    , m_path(std::move(o.m_path))
{
    o.m_db = nullptr;
}

Database& Database::operator=(Database&& o) noexcept
{
    if (this != &o) {
        sqlite3_close_v2(m_db);
        m_db = o.m_db;
        m_path = std::move(o.m_path);
        o.m_db = nullptr;
    }
    return *this;
}

Database::~Database()
{
    sqlite3_close_v2(m_db);
}

Status Database::exec(std::string_view sql)
{
    char* err = nullptr;
    const std::string s(sql);
    if (sqlite3_exec(m_db, s.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        Status st = Status::error(m_path + ": sqlite: " + (err ? err : "error"));
        sqlite3_free(err);
        return st;
    }
    return {};
}

Expected<Statement> Database::prepare(std::string_view sql)
{
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(m_db, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) != SQLITE_OK)
        return Status::error(m_path + ": sqlite: " + sqlite3_errmsg(m_db));
    return Statement(m_db, stmt);
}

std::int64_t Database::lastInsertRowId() const
{
    return sqlite3_last_insert_rowid(m_db);
}

std::string Database::errorMessage() const
{
    return sqlite3_errmsg(m_db);
}

Transaction::Transaction(Database& db)
    : m_db(db)
{
}

Transaction::~Transaction()
{
    if (m_open)
        m_db.exec("ROLLBACK");
}

Status Transaction::begin()
{
    Status s = m_db.exec("BEGIN IMMEDIATE");
    m_open = s.ok();
    return s;
}

Status Transaction::commit()
{
    Status s = m_db.exec("COMMIT");
    if (s.ok())
        m_open = false;
    return s;
}

} // namespace kv::core

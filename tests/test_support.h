// SPDX-License-Identifier: Apache-2.0
// Shared helpers for the tests: paths to shared/ and the built tools, temporary directories,
// running the CLI, and reading files.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace kv::test {

std::filesystem::path sharedDir();
std::filesystem::path tracesDir(); // shared/traces/kv-cache-tester
std::vector<std::filesystem::path> sharedTraceFiles(); // the 48 .json.zst files, sorted
std::filesystem::path sourceDir();

// A fresh directory removed at destruction.
class TempDir
{
public:
    TempDir();
    ~TempDir();
    const std::filesystem::path& path() const { return m_path; }
    std::filesystem::path operator/(const std::string& name) const { return m_path / name; }

private:
    std::filesystem::path m_path;
};

struct RunResult
{
    int exitCode = -1;
    std::string out;
    std::string err;
};

// Runs kvscope-cli with the arguments (no shell), capturing stdout and stderr.
RunResult runCli(const std::vector<std::string>& args);
RunResult runProgram(const std::string& program, const std::vector<std::string>& args);

std::string readFile(const std::filesystem::path& p);
void writeFile(const std::filesystem::path& p, const std::string& content);

} // namespace kv::test

// SPDX-License-Identifier: Apache-2.0
#include "test_support.h"

#include <algorithm>
#include <fcntl.h>
#include <fstream>
#include <random>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace kv::test {

namespace fs = std::filesystem;

fs::path sharedDir()
{
    if (const char* env = std::getenv("KV_SHARED_DIR"))
        return env;
    return KV_SHARED_DIR;
}

fs::path tracesDir()
{
    return sharedDir() / "traces" / "kv-cache-tester";
}

std::vector<fs::path> sharedTraceFiles()
{
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(tracesDir()))
        if (e.path().string().ends_with(".json.zst"))
            files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
}

fs::path sourceDir()
{
    return KV_SOURCE_DIR;
}

TempDir::TempDir()
{
    std::random_device rd;
    m_path = fs::temp_directory_path() / ("kvscope-test-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
    fs::create_directories(m_path);
}

TempDir::~TempDir()
{
    std::error_code ec;
    fs::remove_all(m_path, ec);
}

RunResult runProgram(const std::string& program, const std::vector<std::string>& args)
{
    TempDir tmp;
    const fs::path outPath = tmp / "stdout", errPath = tmp / "stderr";
    const pid_t pid = ::fork();
    if (pid == 0) {
        const int out = ::open(outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const int err = ::open(errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        ::dup2(out, 1);
        ::dup2(err, 2);
        std::vector<char*> argv;
        argv.push_back(const_cast<char*>(program.c_str()));
        for (const std::string& a : args)
            argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        ::execv(program.c_str(), argv.data());
        ::_exit(127);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    RunResult r;
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = readFile(outPath);
    r.err = readFile(errPath);
    return r;
}

RunResult runCli(const std::vector<std::string>& args)
{
    return runProgram(KV_CLI_PATH, args);
}

std::string readFile(const fs::path& p)
{
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void writeFile(const fs::path& p, const std::string& content)
{
    std::ofstream out(p, std::ios::binary);
    out << content;
}

} // namespace kv::test

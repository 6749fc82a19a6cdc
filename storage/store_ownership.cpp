#include "engine/experiment/observer.h"
#include "storage/store.h"
#include "storage/store_error.h"
#include "storage/store_rows.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <csignal>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace storage {

namespace fs = std::filesystem;
using namespace rows;

namespace {

std::string readFirstLine(const fs::path &file)
{
    std::ifstream in(file);
    std::string line;
    std::getline(in, line);
    return line;
}

std::string hostName()
{
    char name[256] = {};
    ::gethostname(name, sizeof name - 1);
    return name;
}

/// Field 22 of /proc/<pid>/stat: the process's start time in clock ticks since boot.
std::string processStartTime(int64_t pid)
{
    const std::string stat = readFirstLine("/proc/" + std::to_string(pid) + "/stat");
    const auto close = stat.rfind(')');
    if (close == std::string::npos)
        return {};
    std::istringstream fields(stat.substr(close + 2));
    std::string field;
    for (int i = 3; i <= 22 && fields >> field; ++i)
        if (i == 22)
            return field;
    return {};
}

std::string tokenFor(int64_t pid)
{
    return hostName() + "|" + readFirstLine("/proc/sys/kernel/random/boot_id") + "|"
        + processStartTime(pid);
}

} // namespace

Owner Owner::current()
{
    const int64_t pid = ::getpid();
    return { pid, tokenFor(pid) };
}

bool Owner::alive() const
{
    if (pid <= 0)
        return false;
    if (!token.empty() && token.substr(0, token.find('|')) != hostName())
        return true; // another machine's process: assume it lives rather than steal its run
    if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno != EPERM)
        return false;
    return token.empty() || token == tokenFor(pid);
}

int Store::recoverInterrupted(bool soleWriter)
{
    // One write transaction: a run another process claims meanwhile is not touched.
    SQLite::Transaction transaction(*m_db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement select(
        *m_db, "SELECT id, owner_pid, owner_token FROM runs WHERE status = 'running'");
    std::vector<int64_t> orphans;
    while (select.executeStep()) {
        const Owner owner { integer(select.getColumn(1)).value_or(0), text(select.getColumn(2)) };
        if (soleWriter || !owner.alive())
            orphans.push_back(select.getColumn(0).getInt64());
    }
    SQLite::Statement update(
        *m_db,
        "UPDATE runs SET status = 'interrupted', owner_pid = NULL, owner_token = NULL, "
        "error = 'interrupted: its process ended while it was running' "
        "WHERE id = ? AND status = 'running'");
    for (int64_t id : orphans) {
        update.bind(1, id);
        update.exec();
        update.reset();
    }
    transaction.commit();
    return static_cast<int>(orphans.size());
}

bool Store::claimRun(int64_t runId, const std::vector<RunStatus> &from, const Owner &owner)
{
    const std::string allowed = statusList(from);
    SQLite::Transaction transaction(*m_db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement claim(
        *m_db,
        "UPDATE runs SET status = 'running', started_at = ?, finished_at = NULL, "
        "device = NULL, owner_pid = ?, owner_token = ?, error = NULL, "
        "test_accuracy = NULL, test_loss = NULL, steps = NULL, wall_seconds = NULL, "
        "validation_accuracy = NULL, validation_loss = NULL "
        "WHERE id = ? AND status IN ("
            + allowed + ")");
    claim.bind(1, utcNow());
    claim.bind(2, owner.pid);
    claim.bind(3, owner.token);
    claim.bind(4, runId);
    if (claim.exec() != 1)
        return false;
    for (const char *sql : { "DELETE FROM run_metrics WHERE run_id = ?",
                             "DELETE FROM run_subsets WHERE run_id = ?" }) {
        SQLite::Statement clear(*m_db, sql);
        clear.bind(1, runId);
        clear.exec();
    }
    transaction.commit();
    return true;
}

} // namespace storage

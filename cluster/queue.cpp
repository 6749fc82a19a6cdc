#include "cluster/queue.h"

#include "cluster/program.h"

#include <sstream>

namespace cluster {

namespace {

std::vector<std::string> split(const std::string &line, char separator)
{
    std::vector<std::string> parts;
    std::stringstream in(line);
    std::string part;
    while (std::getline(in, part, separator))
        parts.push_back(part);
    return parts;
}

} // namespace

SlurmQueue SlurmQueue::read()
{
    SlurmQueue queue;
    if (!onPath("squeue"))
        return queue;
    // %F array job id (the job id for other jobs), %K task index (N/A), %i the id as shown.
    const ProgramResult r = runProgram({ "squeue", "-h", "-r", "-o", "%F|%K|%i|%T|%R" });
    if (r.exitCode != 0)
        return queue;
    queue.m_available = true;
    std::stringstream lines(r.out);
    std::string line;
    while (std::getline(lines, line)) {
        const auto f = split(line, '|');
        if (f.size() < 5)
            continue;
        queue.m_jobs.push_back({ f[0], f[1], f[2], f[3], f[4] });
    }
    return queue;
}

std::optional<QueuedJob> SlurmQueue::job(const std::string &jobId) const
{
    if (jobId.empty())
        return std::nullopt;
    for (const auto &job : m_jobs)
        if (job.arrayJob == jobId || job.id == jobId)
            return job;
    return std::nullopt;
}

std::optional<QueuedJob> SlurmQueue::task(const std::string &arrayJob, int task) const
{
    if (arrayJob.empty())
        return std::nullopt;
    const std::string index = std::to_string(task);
    for (const auto &job : m_jobs)
        if (job.arrayJob == arrayJob && job.task == index)
            return job;
    return std::nullopt;
}

std::map<std::string, std::string> SlurmQueue::accounting(const std::string &jobId)
{
    std::map<std::string, std::string> states;
    if (jobId.empty() || !onPath("sacct"))
        return states;
    const ProgramResult r
        = runProgram({ "sacct", "-n", "-P", "-X", "-j", jobId, "-o", "JobID,State" });
    if (r.exitCode != 0)
        return states;
    std::stringstream lines(r.out);
    std::string line;
    while (std::getline(lines, line)) {
        const auto f = split(line, '|');
        if (f.size() >= 2)
            states[f[0]] = f[1].substr(0, f[1].find(' ')); // "CANCELLED by 0" → CANCELLED
    }
    return states;
}

} // namespace cluster

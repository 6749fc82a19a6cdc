#pragma once

// What Slurm says of a sweep's jobs: squeue for the jobs it still holds, sacct (where the
// cluster keeps accounting) for those that ended.

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cluster {

struct QueuedJob
{
    std::string arrayJob; ///< the array's job id, or the job's own for a job outside an array
    std::string task; ///< the array task's index, "N/A" outside an array
    std::string id; ///< "123" or "124_3"
    std::string state; ///< PENDING, RUNNING, ...
    std::string reason; ///< why pending, or the node
};

class SlurmQueue
{
public:
    /// Reads squeue once (every job, array tasks one line each); empty without squeue.
    static SlurmQueue read();

    bool available() const { return m_available; }
    std::optional<QueuedJob> job(const std::string &jobId) const;
    std::optional<QueuedJob> task(const std::string &arrayJob, int task) const;
    bool jobAlive(const std::string &jobId) const { return job(jobId).has_value(); }
    bool taskAlive(const std::string &arrayJob, int task) const
    {
        return task >= 0 && this->task(arrayJob, task).has_value();
    }

    /// Final states of a job's tasks from sacct ("124_3" → "COMPLETED"); empty when the cluster
    /// keeps no accounting (sacct then answers that accounting storage is disabled).
    static std::map<std::string, std::string> accounting(const std::string &jobId);

private:
    bool m_available = false;
    std::vector<QueuedJob> m_jobs;
};

} // namespace cluster

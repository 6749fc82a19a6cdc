#pragma once

// Running a program (the command line under test, or Slurm's) from a test and keeping what it
// printed.

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace fixtures {

struct ProgramResult
{
    int exitCode = -1; ///< -1: it crashed or ran past the timeout (then it is killed)
    QString out;
    QString err;
};

ProgramResult runProgram(const QString &program, const QStringList &args,
                         const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(),
                         int timeoutMs = 300000);

/// Starting the private Slurm cluster (tests/slurm/private_cluster.sh start DIR).
struct ClusterStart
{
    bool started = false;
    bool skip = false; ///< Slurm cannot start here and PRUNESCOPE_REQUIRE_SLURM is not set
    QString message; ///< why it did not start (a skip's reason, or the failure)
};
ClusterStart startPrivateCluster(const QString &script, const QString &dir);

} // namespace fixtures

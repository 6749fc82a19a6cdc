#include "tests/support/program_run.h"

#include <QProcess>

namespace fixtures {

ProgramResult runProgram(const QString &program, const QStringList &args,
                         const QProcessEnvironment &env, int timeoutMs)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(program, args);
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
    }
    return { p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
             QString::fromUtf8(p.readAllStandardOutput()),
             QString::fromUtf8(p.readAllStandardError()) };
}

ClusterStart startPrivateCluster(const QString &script, const QString &dir)
{
    const ProgramResult r
        = runProgram(script, { "start", dir }, QProcessEnvironment::systemEnvironment(), 90000);
    if (r.exitCode == 0)
        return { true, false, {} };
    if (r.exitCode == 77) {
        // CI sets PRUNESCOPE_REQUIRE_SLURM: there a cluster that cannot start is a failure.
        if (qEnvironmentVariableIntValue("PRUNESCOPE_REQUIRE_SLURM"))
            return { false, false, "PRUNESCOPE_REQUIRE_SLURM is set, but " + r.out };
        return { false, true, r.out.trimmed() };
    }
    return { false, false, r.out + r.err };
}

} // namespace fixtures

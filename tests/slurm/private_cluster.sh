#!/bin/bash
# A private single-node Slurm cluster on loopback, for the tests of `prunescope-cli slurm`:
#   private_cluster.sh start DIR   munged (own key and socket), slurmctld and slurmd from a
#                                  generated slurm.conf, all state under DIR; prints the
#                                  SLURM_CONF to export, once the node is idle
#   private_cluster.sh stop DIR    stops them
# Needs root and Debian's slurm-wlm and munge. Exit 77 (with the reason on stdout) where Slurm
# cannot start, so CTest reports the test as skipped rather than passed.
set -euo pipefail
command=${1:?start or stop}
dir=$(realpath -m "${2:?a folder}")

skip() {
    echo "Slurm cannot start here: $*"
    exit 77
}

stop() {
    if [ -f "$dir/slurm.conf" ]; then
        SLURM_CONF="$dir/slurm.conf" timeout 10 scontrol shutdown >/dev/null 2>&1 || true
    fi
    for pidfile in "$dir/run/slurmd.pid" "$dir/run/slurmctld.pid" "$dir/munge/munged.pid"; do
        [ -f "$pidfile" ] || continue
        pid=$(cat "$pidfile" 2>/dev/null || true)
        [ -n "$pid" ] || continue
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
    done
}

if [ "$command" = stop ]; then
    stop
    exit 0
fi

[ "$(id -u)" = 0 ] || skip "it needs root (slurmd runs jobs as their users)"
for program in munged slurmctld slurmd sbatch squeue scontrol scancel sinfo; do
    command -v "$program" >/dev/null || skip "$program is not installed (Debian: slurm-wlm munge)"
done

mkdir -p "$dir"/{munge,state,spool,run,log}
chmod 700 "$dir/munge"
head -c 1024 /dev/urandom >"$dir/munge/munge.key"
chmod 400 "$dir/munge/munge.key"
munged --force --key-file="$dir/munge/munge.key" --socket="$dir/munge/munge.sock" \
    --pid-file="$dir/munge/munged.pid" --log-file="$dir/munge/munged.log" \
    --seed-file="$dir/munge/munged.seed" || skip "munged did not start: $(tail -3 "$dir/munge/munged.log" 2>/dev/null)"

# Ports of this cluster alone, so a cluster left behind by a killed test cannot answer.
base=$((20000 + RANDOM % 20000))
cpus=$(nproc)
memory=$(( $(awk '/MemTotal/ {print int($2 / 1024)}' /proc/meminfo) - 1024 ))
cat >"$dir/slurm.conf" <<CONF
ClusterName=prunescope-test
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$base
SlurmdPort=$((base + 1))
AuthType=auth/munge
AuthInfo=socket=$dir/munge/munge.sock
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/run/slurmctld.pid
SlurmdPidFile=$dir/run/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmUser=root
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
MinJobAge=600
NodeName=prunescope-node NodeAddr=127.0.0.1 NodeHostname=$(hostname -s) CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=debug Nodes=prunescope-node Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$dir/slurm.conf"
slurmctld -f "$SLURM_CONF" || { stop; skip "slurmctld did not start: $(tail -3 "$dir/log/slurmctld.log" 2>/dev/null)"; }
slurmd -f "$SLURM_CONF" -N prunescope-node || { stop; skip "slurmd did not start: $(tail -3 "$dir/log/slurmd.log" 2>/dev/null)"; }
for _ in $(seq 60); do
    state=$(sinfo -h -n prunescope-node -o %t 2>/dev/null || true)
    if [ "$state" = idle ]; then
        echo "SLURM_CONF=$SLURM_CONF"
        exit 0
    fi
    sleep 0.5
done
stop
skip "the node did not become idle within 30 s (state '${state:-none}'): $(tail -3 "$dir/log/slurmd.log" 2>/dev/null)"

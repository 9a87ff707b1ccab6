#!/usr/bin/env bash
# Start a real single-node Slurm cluster (Debian 12, Slurm 22.05) on this machine: munged, slurmctld
# and slurmd run as plain daemons, so it works without systemd or cgroups (CI containers).
# Idempotent: daemons already running are reused; a changed slurm.conf restarts them.
# Stop it with stop-cluster.sh; smoke.sh proves a job array + dependent job run on it.
set -euo pipefail
SECONDS=0
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
# Is a process with this exact name alive (zombies, left until init reaps them, do not count)?
running() { ps -C "$1" -o stat= | grep -qv '^Z'; }

# 1. Packages (procps for ps/pkill, which minimal images lack).
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v sbatch >/dev/null ||
  ! command -v munged >/dev/null || ! command -v pkill >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends slurmctld slurmd slurm-client munge procps >/dev/null
fi

# 2. MUNGE (Slurm's authentication). The Debian package usually creates the key; make one if not.
# munged insists the key is private to its own user, so it runs as `munge`, not root.
if ! $SUDO test -s /etc/munge/munge.key; then
  $SUDO dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
fi
$SUDO chown munge:munge /etc/munge/munge.key
$SUDO chmod 0400 /etc/munge/munge.key
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  # /run/munge is normally made by systemd-tmpfiles, which does not run here.
  $SUDO install -d -o munge -g munge -m 0755 /run/munge
  $SUDO runuser -u munge -- /usr/sbin/munged
  for _ in $(seq 50); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.1; done
  munge -n | unmunge >/dev/null || { echo "munged does not answer" >&2; $SUDO tail -n 20 /var/log/munge/munged.log >&2; exit 1; }
fi

# 3. slurm.conf for one node: this machine, as `slurmd -C` sees it.
NODE=$(hostname -s)
CPUS=$(slurmd -C | sed -n 's/.* CPUs=\([0-9]*\).*/\1/p' | head -n 1)
MEM=$(slurmd -C | sed -n 's/.* RealMemory=\([0-9]*\).*/\1/p' | head -n 1)
MEM=$((MEM * 9 / 10)) # margin: a node whose RealMemory exceeds what slurmd measures is drained
CONF=$(
  cat <<EOF
# Written by .ci/slurm/start-cluster.sh: a single-node CI cluster without systemd or cgroups.
ClusterName=ci
# Address given explicitly: the short hostname need not resolve on a CI machine.
SlurmctldHost=$NODE(127.0.0.1)
# Daemons as root: simplest on a throwaway CI box (no slurm-owned dirs or keys to manage).
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
# No cgroups: track job processes through /proc, no CPU binding, no accounting (so no cgroup.conf,
# no slurmdbd).
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
# No mail program installed; without this slurmctld logs an error at every start.
MailProg=/bin/true
SchedulerType=sched/backfill
# Start batch jobs (array tasks, a job whose dependency was just met) at once, not every 3 s.
SchedulerParameters=batch_sched_delay=0
# Jobs get logical CPUs and memory; a job without --mem gets its CPU's share of the node's memory,
# so default jobs are limited by CPUs, not by one job taking all the memory.
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU_Memory
DefMemPerCPU=$((MEM / CPUS))
# Finished jobs stay visible 5 s: short, but longer than sbatch --wait's 2 s poll (which polls every
# 2 s only while MinJobAge < 6, and reports success if the job was already purged).
MinJobAge=5
# A node that was down comes back as soon as its slurmd registers again.
ReturnToService=2
# Trust the CPUs/memory below even where the real topology differs (e.g. hyper-threads), instead of
# draining the node.
SlurmdParameters=config_overrides
# Don't copy the submitter's ulimits onto jobs (containers may forbid raising some of them).
PropagateResourceLimits=NONE
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$CPUS RealMemory=$MEM State=UNKNOWN
PartitionName=debug Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
EOF
)
if [ "$CONF" != "$(cat /etc/slurm/slurm.conf 2>/dev/null)" ]; then
  echo "$CONF" | $SUDO tee /etc/slurm/slurm.conf >/dev/null
  $SUDO pkill -x slurmd || true # restart with the new configuration
  $SUDO pkill -x slurmctld || true
  for _ in $(seq 50); do running slurmd || running slurmctld || break; sleep 0.2; done
fi
$SUDO install -d -m 0755 /var/spool/slurmctld /var/spool/slurmd /var/log/slurm

# 4. Daemons (each forks into the background itself).
running slurmctld || $SUDO slurmctld
running slurmd || $SUDO slurmd -N "$NODE"

# 5. Wait until the node takes jobs.
logs() {
  for f in /var/log/slurm/slurmctld.log /var/log/slurm/slurmd.log; do
    echo "--- $f" >&2
    $SUDO tail -n 30 "$f" >&2 || true
  done
}
state=""
while [ "$SECONDS" -lt 60 ]; do
  state=$(sinfo -h -n "$NODE" -o %T 2>/dev/null || true)
  case "$state" in
    idle | mixed | allocated | completing)
      echo "Slurm $(sinfo -V | cut -d' ' -f2) cluster up: node $NODE ($CPUS CPUs, ${MEM} MB), ${SECONDS}s"
      exit 0
      ;;
    down | drain | draining | drained) # not "down*": that only means slurmd has not answered yet
      $SUDO scontrol update nodename="$NODE" state=resume || true
      ;;
  esac
  sleep 1
done
echo "Slurm node $NODE not idle after ${SECONDS}s (state: '${state}')" >&2
sinfo -R >&2 || true
logs
exit 1

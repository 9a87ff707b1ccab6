#!/usr/bin/env bash
# Stop the single-node Slurm cluster of start-cluster.sh (jobs still running are left to die with it).
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
running() { ps -C "$1" -o stat= | grep -qv '^Z'; } # zombies, left until init reaps them, don't count
for daemon in slurmd slurmctld munged; do
  $SUDO pkill -x "$daemon" || true
  # Wait (bounded) so that a following start-cluster.sh does not find the old daemon still exiting.
  for _ in $(seq 50); do running "$daemon" || continue 2; sleep 0.2; done
  echo "$daemon is still running" >&2
  exit 1
done

#!/bin/bash
# A sharded searchlight on Slurm: a job array of SHARDS tasks (default 7), then the merge job once
# every task succeeded. Run from the folder the paths in searchlight.sbatch are relative to (the
# repository root for the sample data); neurometry must be on PATH on the compute nodes.
#   Docs/slurm/submit.sh [SHARDS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
shards=${1:-7}
mkdir -p logs parts
array=$(sbatch --parsable --array=0-$((shards - 1)) "$here/searchlight.sbatch")
echo "searchlight shards: job array $array (0-$((shards - 1)))"
# --wait blocks until the merge job ends; --kill-on-invalid-dep cancels it if a shard failed.
sbatch --parsable --wait --dependency="afterok:$array" --kill-on-invalid-dep=yes "$here/merge.sbatch"
# sbatch --wait also returns 0 for a cancelled job, so check that the merged maps exist.
test -s searchlight-maps.nii.gz || { echo "no merged maps: see logs/" >&2; exit 1; }
echo "merged: searchlight-maps.nii.gz"

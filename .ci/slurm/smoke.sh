#!/usr/bin/env bash
# Smoke test of the cluster from start-cluster.sh: a 3-task job array writes one part each, then a
# merge job that depends on the whole array concatenates them; sbatch --wait blocks until it ends.
set -euo pipefail
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"

# Each task writes "<index>/<count>" (SLURM_ARRAY_TASK_COUNT is set by Slurm 22.05).
array=$(sbatch --parsable --array=0-2 --chdir="$dir" --output=array-%a.log \
  --wrap='echo "$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT" > "part-$SLURM_ARRAY_TASK_ID.txt"')
echo "job array $array submitted"

# afterok on the array's job id waits for all its tasks; kill-on-invalid-dep makes a failed task fail
# the merge job instead of leaving it pending forever.
start=$(date +%s.%N)
merge=$(timeout 120 sbatch --parsable --wait --dependency="afterok:$array" --kill-on-invalid-dep=yes \
  --chdir="$dir" --output=merge.log --wrap='cat part-0.txt part-1.txt part-2.txt > merged.txt; date +%s.%N > merge-ended') || {
  echo "the merge job failed or timed out (exit $?)" >&2
  squeue >&2 || true
  cat array-*.log merge.log >&2 || true
  exit 1
}
end=$(date +%s.%N)
echo "merge job $merge done"

expected=$'0/3\n1/3\n2/3'
if [ "$(cat merged.txt 2>/dev/null)" != "$expected" ]; then
  echo "merged.txt is not the 3 expected lines:" >&2
  cat merged.txt array-*.log merge.log >&2 || true
  exit 1
fi
echo "merged.txt: $(paste -sd" " merged.txt)"
awk -v s="$start" -v e="$end" -v m="$(cat merge-ended)" 'BEGIN {
  printf "smoke test passed in %.1fs; sbatch --wait returned %.1fs after the merge job ended\n", e - s, e - m }'

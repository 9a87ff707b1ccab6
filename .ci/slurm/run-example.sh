#!/usr/bin/env bash
# CI (issue 15): the documented Slurm example (Docs/slurm/submit.sh) on the real single-node cluster
# of start-cluster.sh, with the freshly built neurometry; the merged maps must equal an unsplit run
# byte for byte, and the merge must have printed the same report.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
export PATH="$root/.build/debug:$PATH"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
ln -s "$root/SampleData" SampleData
SECONDS=0
timeout 600 "$root/Docs/slurm/submit.sh" 7
merge_log=$(ls logs/searchlight-merge-*.out)
neurometry searchlight SampleData/searchlight/betas.nii.gz --mask SampleData/searchlight/mask.nii.gz \
  --conditions SampleData/searchlight/conditions.txt --runs SampleData/searchlight/runs.txt --method crossnobis \
  --radius 2 --truncate --models SampleData/searchlight/models.npz --maps single.nii.gz > single.txt
cmp searchlight-maps.nii.gz single.nii.gz
diff <(sed 's/searchlight-maps.nii.gz/MAPS/' "$merge_log") <(sed 's/single.nii.gz/MAPS/' single.txt)
echo "Slurm: 7 shards + merge in ${SECONDS}s; merged maps equal the unsplit run's byte for byte"
cat "$merge_log"

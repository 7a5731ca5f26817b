#!/usr/bin/env bash
# dann sweep on a real single-node Slurm: starts munge, slurmctld and slurmd on this machine
# (Debian's slurm-wlm; root), emits a 4-trial sweep as a job array, submits it, collects it, and
# compares sweep.json bit for bit with the same sweep run by the local process pool.
# About a minute. Not in CI (it starts system daemons).
#   bash scripts/slurm-smoke.sh
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
[ "$(id -u)" -eq 0 ] || { echo "slurm-smoke: run as root (it starts munge and the Slurm daemons)" >&2; exit 1; }
dpkg -s slurm-wlm >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm >/dev/null
bash scripts/setup.sh
swift build -c release --product dann >/dev/null
dann=$repo/.build/release/dann
work=$(mktemp -d /tmp/dann-slurm-XXXXXX)
cleanup() {
    [ -f "$work/slurmctld.pid" ] && kill "$(cat "$work/slurmctld.pid")" 2>/dev/null || true
    [ -f "$work/slurmd.pid" ] && kill "$(cat "$work/slurmd.pid")" 2>/dev/null || true
}
trap cleanup EXIT

# munge (Slurm's authentication), started once.
if ! munge -n >/dev/null 2>&1; then
    [ -f /etc/munge/munge.key ] || mungekey --create
    mkdir -p /run/munge && chown munge:munge /run/munge /var/log/munge 2>/dev/null || true
    /usr/sbin/munged --force
    sleep 1
fi

# A one-node cluster whose state lives in $work.
host=$(hostname)
cpus=$(nproc)
mkdir -p "$work/state" "$work/spool"
cat > "$work/slurm.conf" <<CONF
ClusterName=dann-smoke
SlurmctldHost=$host
SlurmUser=root
AuthType=auth/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
NodeName=$host CPUs=$cpus State=UNKNOWN
PartitionName=smoke Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$work/slurm.conf
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
for _ in $(seq 60); do sinfo -h -o %t 2>/dev/null | grep -qE '^idle' && break; sleep 1; done
sinfo -h -o "%P %t %D" | grep -q idle || { echo "slurm-smoke: the node did not come up; see $work/slurmctld.log and slurmd.log" >&2; exit 1; }

# Tiny CSV domains and a 4-trial sweep.
python3 - "$work" <<'PY'
import os, random, sys
work = sys.argv[1]
random.seed(3)
def rows(n, shift, labelled):
    out = []
    for i in range(n):
        label = i % 2
        x, y = label * 2 + shift + random.uniform(-.5, .5), (1 - label) * 2 + random.uniform(-.5, .5)
        out.append(f"{x},{y},{label}" if labelled else f"{x},{y}")
    return "\n".join(out) + "\n"
os.makedirs(f"{work}/target", exist_ok=True)
open(f"{work}/source.csv", "w").write("a,b,label\n" + rows(300, 0, True))
open(f"{work}/target/train.csv", "w").write("a,b\n" + rows(300, 1, False))
open(f"{work}/target/test.csv", "w").write("a,b,label\n" + rows(100, 1, True))
PY
cat > "$work/spec.toml" <<TOML
source = "$work/source.csv"
target = "$work/target"
steps = 300
batch-size = 16
extractor-hidden = "12"
label-hidden = "12"
domain-hidden = "8"
embedding-samples = 0
threads = 1

[grid]
method = ["dann", "source-only"]
lambda-max = [0.1, 1.0]
TOML

"$dann" sweep "$work/spec.toml" --out "$work/slurm" --reverse-steps 100 --emit slurm
sbatch --wait "$work/slurm/sweep.slurm"
"$dann" sweep "$work/spec.toml" --out "$work/slurm" --reverse-steps 100 --collect --quiet
"$dann" sweep "$work/spec.toml" --out "$work/local" --reverse-steps 100 --quiet
cmp "$work/slurm/sweep.json" "$work/local/sweep.json"
echo "slurm-smoke: 4 trials as a Slurm job array; sweep.json is identical to the local pool's ($work)"

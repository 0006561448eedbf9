#!/usr/bin/env bash
# Benchmark-only environment for the peer comparison (benchmarks/bench_peer_mobgap.py).
# mobgap (Apache-2.0) is never a dependency of backstride: it lives in its own venv,
# benchmarks/.venv-mobgap (git-ignored), and is only run in a subprocess to measure it.
# CI does not run this script. Licences are in benchmarks/README.md ("Peer comparison"): mobgap is
# Apache-2.0; its dependency pingouin is GPL-3.0, fine for a local measuring venv that nothing ships.
#
#   bash benchmarks/peer/setup_mobgap.sh
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
venv="${MOBGAP_VENV:-$here/.venv-mobgap}"
python3 -m venv "$venv"
"$venv/bin/pip" install -q --upgrade pip
"$venv/bin/pip" install -q "mobgap==1.2.0"
"$venv/bin/python" -c "import mobgap, importlib.metadata as m; print('mobgap', m.version('mobgap'), 'in', '$venv')"

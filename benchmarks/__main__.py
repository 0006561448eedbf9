"""Run every benchmark: ``.venv/bin/python -m benchmarks`` (from the repository root).

Each ``benchmarks/bench_*.py`` module has a ``main()`` that prints its own table rows; this runner
finds them all, so a new benchmark needs no change here. ``python -m benchmarks assessment`` runs
only the modules whose name contains ``assessment``.
"""

from __future__ import annotations

import importlib
import platform
import sys
import time
from pathlib import Path


def discover(filters: list[str]) -> list[str]:
    here = Path(__file__).resolve().parent
    names = sorted(p.stem for p in here.glob("bench_*.py"))
    if filters:
        names = [n for n in names if any(f in n for f in filters)]
    return names


def main(argv: list[str] | None = None) -> int:
    filters = list(sys.argv[1:] if argv is None else argv)
    print(
        f"# backstride benchmarks: {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d %H:%M')}"
    )
    failures = 0
    for name in discover(filters):
        print(f"\n## {name}")
        saved_argv = sys.argv
        sys.argv = [f"benchmarks/{name}.py"]  # each main() sees no arguments of ours
        try:
            importlib.import_module(f"benchmarks.{name}").main()
        except Exception as exc:  # noqa: BLE001 - one broken benchmark must not hide the others
            failures += 1
            print(f"FAILED: {type(exc).__name__}: {exc}")
        finally:
            sys.argv = saved_argv
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())

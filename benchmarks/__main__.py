"""Run every benchmark: ``.venv/bin/python -m benchmarks`` (from the repository root).

Each ``benchmarks/bench_*.py`` module has a ``main()`` that prints its own table rows; this runner
finds them all, so a new benchmark needs no change here. ``python -m benchmarks assessment`` runs
only the modules whose name contains ``assessment``.

Options after the names go to the one benchmark named: ``python -m benchmarks bench_web --scenario
result_page`` runs ``bench_web`` alone with ``--scenario result_page``, as ``python -m
benchmarks.bench_web --scenario result_page`` does. A name that is a module's own (``bench_web``, or
``web``) picks that module alone then; options that would go to more than one module, or to one whose
``main()`` takes none, are refused (exit 2), never dropped.
"""

from __future__ import annotations

import importlib
import inspect
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


def split_args(argv: list[str]) -> tuple[list[str], list[str]]:
    """The names before the first option, and the options from it on (for the one benchmark named)."""
    for i, arg in enumerate(argv):
        if arg.startswith("-"):
            return argv[:i], argv[i:]
    return argv, []


def chosen(filters: list[str], options: list[str]) -> list[str]:
    """The modules to run: those whose name contains a filter; with ``options``, a filter that is a
    module's own name (with or without ``bench_``) picks it alone. ``ValueError`` saying why when the
    options could not all go to exactly one benchmark that takes them."""
    names = discover(filters)
    if not options:
        return names
    exact = [n for n in names if n in filters or n.removeprefix("bench_") in filters]
    picked = exact or names
    if not filters or len(picked) != 1:
        which = ", ".join(picked) if filters and picked else "none"
        raise ValueError(
            f"options ({' '.join(options)}) go to one benchmark; name it before them, e.g. "
            f"'python -m benchmarks bench_web --scenario result_page' (these names pick: {which})"
        )
    main = importlib.import_module(f"benchmarks.{picked[0]}").main
    if not inspect.signature(main).parameters:
        raise ValueError(f"{picked[0]} takes no options (given: {' '.join(options)})")
    return picked


def main(argv: list[str] | None = None) -> int:
    filters, options = split_args(list(sys.argv[1:] if argv is None else argv))
    try:
        names = chosen(filters, options)
    except ValueError as refused:
        print(f"benchmarks: {refused}", file=sys.stderr)
        return 2
    print(
        f"# backstride benchmarks: {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d %H:%M')}"
    )
    failures = 0
    for name in names:
        print(f"\n## {name}")
        saved_argv = sys.argv
        sys.argv = [f"benchmarks/{name}.py", *options]  # each main() sees only the options given to it
        try:
            run = importlib.import_module(f"benchmarks.{name}").main
            if options:
                run(options)
            else:
                run()
        except Exception as exc:  # noqa: BLE001 - one broken benchmark must not hide the others
            failures += 1
            print(f"FAILED: {type(exc).__name__}: {exc}")
        finally:
            sys.argv = saved_argv
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())

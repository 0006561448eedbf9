"""Reading the knowledge files' YAML: with libyaml's C parser when PyYAML was built with it, else
PyYAML's own. Both are the *safe* loader (plain data, no Python objects) and give the same data (a
test checks every packaged file); the C parser reads the ten files in 0.03 s instead of 0.26 s,
which every command that loads the knowledge base pays once at start.
"""

from __future__ import annotations

from typing import IO, Any

import yaml

SafeLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(source: str | IO[str]) -> Any:
    """The data of one YAML document (``yaml.safe_load``, faster)."""
    return yaml.load(source, Loader=SafeLoader)  # noqa: S506 - a safe loader, C or Python


__all__ = ["SafeLoader", "load_yaml"]

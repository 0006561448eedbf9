"""The knowledge files read the same with the fast YAML reader as with PyYAML's safe_load."""

from __future__ import annotations

from importlib import resources

import yaml

from backstride.knowledge._yaml import SafeLoader, load_yaml


def test_every_packaged_knowledge_file_reads_the_same_as_with_safe_load() -> None:
    files = [
        f
        for f in resources.files("backstride.knowledge").joinpath("data").iterdir()
        if f.name.endswith(".yaml")
    ]
    assert len(files) >= 10
    for f in files:
        text = f.read_text("utf-8")
        assert load_yaml(text) == yaml.safe_load(text), f.name


def test_the_reader_is_a_safe_loader_that_refuses_python_objects() -> None:
    assert issubclass(SafeLoader, yaml.SafeLoader) or SafeLoader.__name__ == "CSafeLoader"
    try:
        load_yaml("!!python/object/apply:os.system ['echo hi']")
    except yaml.YAMLError as exc:
        assert "python/object" in str(exc)
    else:
        raise AssertionError("a Python object tag was read")

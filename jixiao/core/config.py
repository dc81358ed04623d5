"""The YAML catalogues every stage reads: rules/rules.yaml, values.yaml, headers.yaml and forms.yaml, bundled, with
a user's `--rules DIR` (`jixiao.read(rules=DIR)`) on top.

A `Catalogue` is the four of them for one rules folder, parsed, merged and checked when it is built:
a folder's file overrides only what it names (mappings key by key, the `rules` list rule by rule on
`id`, any other value replaced whole) and is checked against the bundled catalogue, so that a typo is
a ConfigError naming the file and line before any file is read (see jixiao.core.rules_check).  What is
built from a catalogue (compiled regexes, alias tables: functions decorated with `derived`) is kept
on that catalogue, never in a module global, so two calls with different rules in one process cannot
see each other's.  Which catalogue a stage reads is the one of the call it serves (jixiao.core.settings).
"""
from __future__ import annotations

from collections.abc import Callable
from functools import cache, wraps
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml

T = TypeVar("T")
NAMES = ("rules", "values", "headers", "forms")


class ConfigError(Exception):
    """A rules folder or file that cannot be used: the message is `FILE:LINE: what is wrong`."""


class Catalogue:
    """The catalogues of one rules folder (None: the bundled ones), read and checked once."""

    def __init__(self, folder: Path | None = None) -> None:
        if folder is not None and not Path(folder).is_dir():
            raise ConfigError(f"{folder} is not a folder")
        self.folder = Path(folder) if folder is not None else None
        self.data = {name: _load(name, self.folder) for name in NAMES}
        self._derived: dict[Callable[[Catalogue], Any], Any] = {}

    def __getitem__(self, name: str) -> dict[str, Any]:
        return self.data[name]

    def derive(self, build: Callable[[Catalogue], T]) -> T:
        """build(self), computed once for this catalogue."""
        if build not in self._derived:
            self._derived[build] = build(self)
        return self._derived[build]


@cache
def bundled_catalogue() -> Catalogue:
    """The catalogues jixiao ships (read once a process: they never change while it runs)."""
    return Catalogue(None)


def derived(build: Callable[[Catalogue], T]) -> Callable[[], T]:
    """`build(catalogue)` for the catalogue of the current call, built once per catalogue."""
    from jixiao.core.settings import current  # here: settings holds a Catalogue

    @wraps(build)
    def get() -> T:
        return current().catalogue.derive(build)
    return get


def bundled(name: str) -> dict[str, Any]:
    return yaml.safe_load(resources.files("jixiao.rules").joinpath(f"{name}.yaml").read_text(encoding="utf-8"))


def _load(name: str, folder: Path | None) -> dict[str, Any]:
    """One catalogue (`rules`, `values`, `headers`, `forms`): the bundled file with FOLDER/NAME.yaml merged on
    top and checked.  Raises ConfigError for a file that is broken or does not fit the catalogue."""
    base = bundled(name)
    path = folder / f"{name}.yaml" if folder is not None else None
    if path is None or not path.exists():
        return base
    from jixiao.core.rules_check import (
        check,  # here: the checker needs this module's ConfigError
    )

    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text)
        data = yaml.safe_load(text)
    except UnicodeDecodeError as e:
        raise ConfigError(f"{path}: not UTF-8 text (bad byte at offset {e.start})") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise ConfigError(f"{where}: invalid YAML: {problem}") from None
    except OSError as e:
        raise ConfigError(f"{path}: cannot read: {e.strerror or e}") from None
    merged = merge(base, data if data is not None else {})
    check(name, path, node, data, base, merged)
    return merged


def merge(base: Any, over: Any) -> Any:
    """`over` on top of `base`: mappings key by key, lists of rules by `id`, anything else replaced."""
    if isinstance(base, dict) and isinstance(over, dict):
        return {**base, **{k: merge(base[k], v) if k in base else v for k, v in over.items()}}
    if _by_id(base) and _by_id(over):
        merged = {item["id"]: item for item in base}
        for item in over:
            merged[item["id"]] = merge(merged[item["id"]], item) if item["id"] in merged else item
        return list(merged.values())
    return over


def _by_id(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(i, dict) and "id" in i for i in value)

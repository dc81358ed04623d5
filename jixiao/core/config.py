"""The YAML catalogues every stage reads (rules/rules.yaml, values.yaml, headers.yaml, or a --rules folder).

A `--rules DIR` file overrides only what it names: it is merged into the bundled catalogue (mappings
key by key, the `rules` list rule by rule on `id`, any other value replaced whole), and checked
against the bundled one before anything is read, so that a typo is a usage error naming the file
and line, not a traceback in every worker (see jixiao.core.rules_check).
"""
from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Callable, TypeVar

import yaml

T = TypeVar("T")
NAMES = ("rules", "values", "headers")

_override: Path | None = None
_derived: list[Callable[[], Any]] = []


class ConfigError(Exception):
    """A --rules file that cannot be used: the message is `FILE:LINE: what is wrong`."""


def derived(fn: Callable[[], T]) -> Callable[[], T]:
    """Cache something built from the catalogues (compiled regexes, alias tables) until they change."""
    cached = cache(fn)
    _derived.append(cached)
    return cached


def use_directory(path: Path | None) -> None:
    """Read the YAML files from PATH on top of the bundled ones (for `jixiao run --rules DIR`)."""
    global _override
    _override = path
    load.cache_clear()
    for fn in _derived:
        fn.cache_clear()


def bundled(name: str) -> dict[str, Any]:
    return yaml.safe_load(resources.files("jixiao.rules").joinpath(f"{name}.yaml").read_text(encoding="utf-8"))


@cache
def load(name: str) -> dict[str, Any]:
    """One YAML catalogue (`rules`, `values`, `headers`), parsed, merged and checked once per process.
    Raises ConfigError for a --rules file that is broken or does not fit the catalogue."""
    base = bundled(name)
    path = _override / f"{name}.yaml" if _override is not None else None
    if path is None or not path.exists():
        return base
    from jixiao.core.rules_check import (
        check,  # here: the checker needs only this module's ConfigError
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

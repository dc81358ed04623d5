"""The YAML catalogues every stage reads (rules/rules.yaml, values.yaml, headers.yaml, or a --rules folder)."""
from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Callable, TypeVar

import yaml

T = TypeVar("T")

_override: Path | None = None
_derived: list[Callable[[], Any]] = []


def derived(fn: Callable[[], T]) -> Callable[[], T]:
    """Cache something built from the catalogues (compiled regexes, alias tables) until they change."""
    cached = cache(fn)
    _derived.append(cached)
    return cached


def use_directory(path: Path | None) -> None:
    """Read the YAML files from PATH instead of the bundled ones (for `jixiao run --rules DIR`)."""
    global _override
    _override = path
    load.cache_clear()
    for fn in _derived:
        fn.cache_clear()


@cache
def load(name: str) -> dict[str, Any]:
    """One YAML catalogue (`rules`, `values`, `headers`), parsed once per process."""
    if _override is not None and (_override / f"{name}.yaml").exists():
        text = (_override / f"{name}.yaml").read_text(encoding="utf-8")
    else:
        text = resources.files("jixiao.rules").joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)

"""A run, as the command line and the library API both make it: settings checked before any file is
read, inputs expanded into tasks, the tasks executed (runner/batch.py), and the results given back in
input order with distinct ids, whatever order files finish in."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from jixiao.core.config import Catalogue, ConfigError, bundled_catalogue
from jixiao.core.settings import Settings
from jixiao.rules.engine import Engine
from jixiao.runner.batch import Done, Task
from jixiao.runner.cache import OrderedSpool
from jixiao.runner.inputs import Found
from jixiao.runner.keys import DocIds
from jixiao.runner.pipeline import FileResult


def configure(rules: Path | None, scheme: str | None) -> Settings:
    """The settings of a run: the catalogues (a rules folder on the bundled ones) read and checked,
    and the scheme known.  ConfigError names the file and line of what does not fit."""
    catalogue = Catalogue(Path(rules)) if rules is not None else bundled_catalogue()
    try:
        Engine(scheme, catalogue)
    except ValueError as e:  # an unknown scheme, or a rule with no check behind it
        raise ConfigError(str(e)) from None
    return Settings(catalogue, scheme)


def tasks(found: Found, settings: Settings) -> list[Task]:
    """One task per input, in input order; an input known to be unreadable carries its reason."""
    folder = settings.catalogue.folder
    rules = str(folder) if folder is not None else None
    return [Task(n, str(i.path), i.name, settings.scheme, rules, i.error, i.file_type)
            for n, i in enumerate(found.inputs)]


def in_order(done: Iterator[Done], spool: Path,
             finished: Callable[[FileResult, bool], None] | None = None) -> Iterator[tuple[FileResult, bool]]:
    """(result, from the cache) in input order, repeated copies given their own ids (runner/keys.py).
    Results that finish early wait in a folder under `spool`; `finished` hears of each as it finishes.
    Closing this stops the executor: running files are killed, no new ones start."""
    waiting, ids = OrderedSpool(spool), DocIds()
    try:
        for task, result, cached in done:
            if finished is not None:
                finished(result, cached)
            for r, was_cached in waiting.add(task.index, result, cached):
                yield ids.assign(r), was_cached
    finally:
        done.close()
        waiting.close()

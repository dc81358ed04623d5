"""Files written whole or not at all."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path


def write_json(path: Path, data: dict) -> None:
    """A temp file beside `path` renamed into place; removed when writing fails."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

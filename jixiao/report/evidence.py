"""What the report shows beside each row-level flag, read from the source file the dataset names.

PDF rows: a crop of the page around the row (its bbox_* columns), the row highlighted, rendered with
pypdfium2 at a modest resolution and saved as WebP by Pillow (pypdfium2 renders to PIL images).
Text and HTML rows: the source row's text, found by re-reading the file into its cell grid and
looking for the indicator's 三级指标 in document order.  A source that is no longer where the dataset
says, or whose bytes changed since the run (its SHA-256 no longer starts with doc_id), is named and
left out: nothing is shown from a file that may not be the one the dataset was read from.
"""
from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from jixiao import extract
from jixiao.core.text import key
from jixiao.runner.pipeline import file_digest

SCALE = 1.25  # 90 dpi: 10.5 pt type comes out ~13 px high, still readable
# WebP at quality 60 (method 2) was measured on row crops of fixtures/pdf/p01_seed_ruled.pdf: 10.6 KB and
# 4.5 ms a crop against 18.5 KB and 0.7 ms for JPEG at quality 60; in a report of thousands of crops the
# file size is what a browser feels, so WebP (every current browser shows it).
WEBP = {"quality": 60, "method": 2}
CONTEXT = 24.0  # points shown above and below the row (its neighbours, for orientation)
MARGIN = 8.0  # points left and right of the table
MAX_HEIGHT = 480.0  # points: a taller row is cut (its top part is shown)

RowKey = tuple[str, int]  # (project_id, seq)


@dataclass(slots=True)
class RowRef:
    """An indicator row some flag points at."""
    key: RowKey
    page: int | None
    bbox: tuple[float, float, float, float] | None
    level3: str
    target_raw: str


@dataclass(slots=True)
class Job:
    """One source file and the rows to show from it."""
    doc_id: str | None
    source: str
    file_type: str | None
    candidates: list[str]  # where to look for the file, in order
    rows: list[RowRef] = field(default_factory=list)


@dataclass(slots=True)
class Evidence:
    source: str
    problem: str | None = None  # why nothing is shown from this source (moved, changed)
    crops: dict[RowKey, bytes] = field(default_factory=dict)  # WebP
    texts: dict[RowKey, str] = field(default_factory=dict)


def locate(job: Job) -> tuple[Path | None, str | None]:
    """The file the dataset was read from, or None and why not."""
    path = next((Path(c) for c in job.candidates if Path(c).is_file()), None)
    if path is None:
        return None, "source file not found (moved or deleted since the run)"
    if job.doc_id and file_digest(path)[:16] != job.doc_id:
        return None, f"source file changed since the run ({path}: its SHA-256 no longer matches doc_id)"
    return path, None


def gather(job: Job) -> Evidence:
    """Crops or row texts for the job's rows; never raises (a problem is reported instead)."""
    ev = Evidence(job.source)
    try:
        path, ev.problem = locate(job)
        if path is None:
            return ev
        if job.file_type == "pdf":
            ev.crops = crops(path, [r for r in job.rows if r.page and r.bbox])
        else:
            ev.texts = source_rows(path, job.file_type or "txt", job.rows)
    except Exception as e:  # noqa: BLE001 - one unreadable source must not stop the report
        ev.problem = f"source could not be read again: {type(e).__name__}: {str(e)[:80]}"
    return ev


def crops(path: Path, rows: list[RowRef]) -> dict[RowKey, bytes]:
    """A WebP image of each row's surroundings with the row highlighted, one page load per page."""
    import pypdfium2 as pdfium

    by_page: dict[int, list[RowRef]] = defaultdict(list)
    for r in rows:
        by_page[r.page].append(r)
    out: dict[RowKey, bytes] = {}
    doc = pdfium.PdfDocument(str(path))
    try:
        for number, refs in sorted(by_page.items()):
            if not 1 <= number <= len(doc):
                continue
            page = doc[number - 1]
            try:
                for r in refs:
                    out[r.key] = _crop(page, r.bbox)
            finally:
                page.close()
    finally:
        doc.close()
    return out


def _crop(page, box: tuple[float, float, float, float]) -> bytes:
    from PIL import ImageDraw

    width, height = page.get_size()
    x0, top, x1, bottom = box
    left, right = max(0.0, x0 - MARGIN), min(width, x1 + MARGIN)
    upper = max(0.0, top - CONTEXT)
    lower = min(height, bottom + CONTEXT, upper + MAX_HEIGHT)
    # pypdfium2's crop is what to cut off each side (left, bottom, right, top), in points.
    image = page.render(scale=SCALE, crop=(left, height - lower, width - right, upper)).to_pil().convert("RGB")
    draw = ImageDraw.Draw(image, "RGBA")
    rect = ((x0 - left) * SCALE, (top - upper) * SCALE, (x1 - left) * SCALE, (bottom - upper) * SCALE)
    draw.rectangle(rect, fill=(255, 214, 0, 56), outline=(214, 40, 40, 255), width=2)
    buf = io.BytesIO()
    image.save(buf, "WEBP", **WEBP)
    return buf.getvalue()


def source_rows(path: Path, kind: str, rows: list[RowRef]) -> dict[RowKey, str]:
    """The text of each row as the source prints it (cells joined by ' | ').

    The file is read into its cell grid again and each indicator looked for by its 三级指标, from
    just after the row found for the indicator before it (the same name can stand in several
    tables), else from the top.  A row that cannot be found is left out, not guessed."""
    grid = extract.read(path, kind)
    texts = [" | ".join(c.strip() for c in r.cells if c.strip()) for r in grid.rows]
    keys = [key(t) for t in texts]
    out: dict[RowKey, str] = {}
    cursor = 0
    for r in sorted(rows, key=lambda r: r.key):
        name = key(r.level3)
        if not name:
            continue
        hits = [i for i in range(len(keys)) if name in keys[i]]
        if not hits:
            continue
        after = [i for i in hits if i >= cursor]
        target = key(r.target_raw)
        pick = next((i for i in after if target and target in keys[i]), after[0] if after else hits[0])
        out[r.key] = texts[pick]
        cursor = pick + 1
    return out

"""The cell grid: what every extract backend hands to the normalizer.

A backend (text export, HTML, born-digital PDF, OCR) turns one input file into a `Grid`: the rows of
every table-like region in reading order, each row a tuple of cell texts.  The normalizer never looks
at the file again, so everything it needs is here.

Conventions every backend follows:
- A merged cell's text stands once, in its top-left position; the positions it covers are ''
  (exactly how a text export prints it).  The normalizer inherits 一级/二级指标 labels downwards.
  A backend that sees the merges (xlsx, docx, HTML, ruled PDF) also lists, in `covered`, the positions of
  a row that a cell merged down from a row above covers: there '' is that cell, not an empty one (a
  偏差原因 written once for two rows).
- Cell text is as printed: line breaks inside a cell stay as '\\n' and spaces as they are; a backend
  only undoes what its medium garbles (a PDF text layer's Kangxi radicals, blank lines).  The
  normalizer cleans text (jixiao.core.text.clean).
- Columns are the backend's best guess; they may be shifted on some rows.  The normalizer finds
  columns from the headers and values by their shape, so a backend must not try to repair shifts.
- `page` is 1-based for paged inputs and None for text; `break_before` marks the first row after a
  page break (a blank line in a text export), where rows and cells are often split in two.
- Rows read by OCR carry `confidence`: per cell, the engine's lowest confidence (0–1) over the text
  boxes in that cell, None for an empty cell.  The backend never repairs what the engine read; the
  normalizer corrects misreads only with evidence from the row and flags them (OCR_CORRECTED).
- Rows read from PDFs carry `bbox`: the row's box across its table, (x0, top, x1, bottom) in PDF points
  from the top-left of `page` (pdfplumber's convention); None where the backend has no geometry.
"""
from __future__ import annotations

from dataclasses import dataclass, field

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points on the row's page


def union(a: Box | None, b: Box | None) -> Box | None:
    """The smallest box holding both (either may be None)."""
    if a is None or b is None:
        return a or b
    return min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])


@dataclass(frozen=True, slots=True)
class Row:
    cells: tuple[str, ...]
    page: int | None = None
    break_before: bool = False
    confidence: tuple[float | None, ...] | None = None  # OCR rows only
    bbox: Box | None = None  # PDF rows only
    covered: frozenset[int] = frozenset()  # positions covered by a cell merged down from a row above

    def text(self) -> str:
        """All non-empty cells joined by one space (for matching titles and labels)."""
        return " ".join(c for c in self.cells if c.strip())


@dataclass(slots=True)
class Grid:
    rows: list[Row]
    method: str  # how the text was obtained: pdf_text, ocr, text, html
    pages: int | None = None
    encoding: str | None = None
    # One-line remarks for documents.error when nothing else went wrong (e.g. pages left unread).
    notes: list[str] = field(default_factory=list)


class ExtractError(Exception):
    """A file that cannot be read; str(error) is the one-line reason written to documents.error."""

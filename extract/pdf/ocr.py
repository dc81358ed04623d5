"""Scanned pages: OCR (RapidOCR, PP-OCR models on onnxruntime, CPU) and the ruled grid from the image.

`read_page(page)` takes a pypdfium2 page whose text layer is missing or garbled and returns what the
PDF backend's layout step needs, in PDF points like pdfplumber's geometry:

- `words`: the text outside ruled tables (titles, year lines) and the text of pages without rulings
  (borderless tables), as word dicts (x0, x1, top, bottom, text, conf) around the glyphs, which
  extract/pdf.py lays out exactly as it does for born-digital pages;
- `tables`: the ruled tables found in the image, each as rows of cell texts plus per-cell confidence
  (the lowest engine confidence over the lines in the cell, None for an empty cell).

Steps, per page:
1. Render at 200 dpi in grayscale (pypdfium2).
2. Deskew: the angle (within ±3°) that makes the horizontal ink profile sharpest, searched coarse then
   fine on a half-size binary image; the page is turned by it when it is at least 0.1°.
3. Blank check: a page with almost no ink after binarizing is not OCR'd at all; dust is wiped.
4. Ruling lines: the binarized page opened with long thin kernels (horizontal and vertical).  A
   short horizontal piece must run between two long vertical lines, a short vertical one between two
   horizontal lines, and a short piece of either must be inked over most of its length before any
   gap was bridged: strokes of characters never count as rulings.  Line pieces are grouped into
   tables (connected rulings), their positions clustered into the grid's row and column lines, and
   each grid position joined with its neighbour wherever the ruling between them is missing (merged
   cells: the text stands in the top-left position, '' elsewhere).
5. With ruled tables, no detector runs: extract/cell_lines.py finds the text lines inside each cell
   and the words outside the tables from the ink, and the recogniser reads them all in one batched
   call (a cell's lines joined with '\\n').  Without, the engine detects and reads the whole page.
6. When the page reads poorly (few confident characters) it is read again turned 180° and the better
   reading is kept (an upside-down scan).

Nothing here repairs what the engine read, but for a speck read as a dot at a line's end where the
image shows a speck or no ink, or before a number (cell_lines.trim, _trim_dust, drop_dust_after_marks) and
a lone stroke (_slash), and a bracket's width, which the paper beside it shows (brackets.py); specks a
box took in at its ends are left out of its extent (_without_dust): misreads are the normalizer's
business (OCR_CORRECTED).
The models ship inside the rapidocr wheel and are loaded from there by path, so nothing is ever
downloaded; when they are missing the engine refuses with OcrUnavailable.
"""
from __future__ import annotations

import os
import re
import threading
import time
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import NamedTuple

import numpy as np

from jixiao.core.settings import current
from jixiao.core.text import HAN
from jixiao.extract.pdf import brackets, cell_lines, ink_runs, points

DPI = 200
SCALE = DPI / 72  # pixels per PDF point

# A page reads "poorly" below this mean confidence (or with almost no text): try it turned 180°.
POOR_CONFIDENCE = 0.80
# Boxes the engine reads below this confidence are dropped (speckles, smudges); the rest are kept
# with their confidence so that the normalizer can flag doubtful cells.
MIN_BOX_SCORE = 0.30


class OcrUnavailable(Exception):
    """The OCR engine or its models cannot be loaded (the page is then left unread, with a note)."""


# --------------------------------------------------------------------------------------------
# Engine
# --------------------------------------------------------------------------------------------

_ENGINE = None
_LOCK = threading.Lock()


def engine():
    """The RapidOCR engine, made once per process (loading the models takes ~1 s), with the OCR threads
    of the settings in force when it is first needed (the runner gives each file's process the cores
    shared among the files read at once; JIXIAO_OCR_THREADS overrides; 0: one a core)."""
    global _ENGINE
    with _LOCK:
        if _ENGINE is None:
            try:
                import rapidocr
                from rapidocr import RapidOCR
            except ImportError as e:
                raise OcrUnavailable(f"rapidocr is not installed ({e.name})") from None
            models = Path(rapidocr.__file__).parent / "models"
            det, rec, cls = (models / "PP-OCRv6_det_small.onnx", models / "PP-OCRv6_rec_small.onnx",
                             models / "ch_ppocr_mobile_v2.0_cls_mobile.onnx")
            missing = [p.name for p in (det, rec, cls) if not p.is_file()]
            if missing:
                # A model path that is given is never downloaded; say so rather than reach for the network.
                raise OcrUnavailable(f"OCR models missing from the rapidocr package: {', '.join(missing)}")
            params = {
                "Global.log_level": "error",
                "Global.use_cls": False,  # orientation is decided per page (180° retry), not per box
                "Global.use_rec": False,  # the engine detects; read_crops recognises
                "Global.text_score": MIN_BOX_SCORE,
                "Global.max_side_len": 2400,
                "Det.model_path": str(det),
                "Det.limit_type": "max",
                "Det.limit_side_len": 1600,
                "Rec.model_path": str(rec),
                # A short line (a number) is padded to this width, not to the default 320 px: half the
                # recognition time of a table page, and the same readings.
                "Rec.rec_img_shape": [3, 48, 160],
                "Global.return_word_box": True,  # each character's time step (read_crops)
                "Cls.model_path": str(cls),
            }
            threads = os.environ.get("JIXIAO_OCR_THREADS", "")
            threads = int(threads) if threads.isdigit() else current().ocr_threads
            if threads > 0:
                params["EngineConfig.onnxruntime.intra_op_num_threads"] = threads
                params["EngineConfig.onnxruntime.inter_op_num_threads"] = 1
            try:
                _ENGINE = RapidOCR(params=params)
            except Exception as e:  # noqa: BLE001 - any failure to load is one reason, one line
                raise OcrUnavailable(f"OCR engine failed to load: {type(e).__name__}: {str(e)[:80]}") from None
        return _ENGINE


def preload() -> None:
    """Import the engine's modules (rapidocr, onnxruntime, cv2: ~1 s) without loading any model, so
    that processes forked after it start with them (the runner forks one a file)."""
    try:
        import cv2  # noqa: F401
        import rapidocr.main  # noqa: F401
    except ImportError:
        pass  # engine() says why, in the file's own process


# The recogniser reads a batch at the width of its widest crop, padding the others with grey on the
# right; a line padded to twice its width can be misread (19951 read 19051 beside a line twice as
# long), though it reads right alone.  Batches hold crops of about one width: within this ratio of
# the narrowest, and at most as many as the engine batches.  A few more batches than the engine's
# own, each with less padding to compute: no slower (bench_scans).
BATCH_SPREAD = 1.25
BATCH_SIZE = 6
# Crops narrower than this (width / height) are all padded to it anyway (the Rec.rec_img_shape below).
_MIN_RATIO = 160 / 48


def batches(ratios: list[float], spread: float = BATCH_SPREAD, size: int = BATCH_SIZE) -> list[list[int]]:
    """Indices of crops (by width/height ratio) grouped into batches of about one width."""
    ratios = [max(r, _MIN_RATIO) for r in ratios]
    out: list[list[int]] = []
    for i in sorted(range(len(ratios)), key=ratios.__getitem__):
        if out and len(out[-1]) < size and ratios[i] <= spread * ratios[out[-1][0]]:
            out[-1].append(i)
        else:
            out.append([i])
    return out


def read_crops(crops: list[np.ndarray]) -> list[tuple[str, float]]:
    """(text, confidence) of each crop (BGR), recognised in batches of crops of about one width; a bracket
    read in the width the paper beside it shows (brackets.in_line), a decimal point its digits' pitch shows
    to be a speck left out (points.in_line), both from the time steps of the reading."""
    import cv2

    read: list[tuple[str, float]] = [("", 0.0)] * len(crops)
    for batch in batches([c.shape[1] / max(1, c.shape[0]) for c in crops]):
        out = engine().recognize_txt([crops[i] for i in batch])
        for i, text, score, steps in zip(batch, out.txts, out.scores, out.word_results):
            if steps is not None and (brackets.ANY.search(text) or points.NUMBER.search(text)):
                ink = binarize(cv2.cvtColor(crops[i], cv2.COLOR_BGR2GRAY)) > 0
                cols = [c for word in steps.word_cols for c in word]
                text = brackets.in_line(text, cols, steps.line_txt_len, ink)
                text = points.in_line(text, cols, steps.line_txt_len, ink)
            read[i] = (text.strip(), float(score))
    return read


@dataclass
class Box:
    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    conf: float


def run_ocr(img: np.ndarray) -> list[Box]:
    """Text boxes of a grayscale page image (pixels), one a word (see split_words), as tall as a text
    layer's glyph boxes (see level)."""
    import cv2
    from rapidocr.utils.process_img import get_rotate_crop_image

    page = cv2.cvtColor(img, cv2.COLOR_GRAY2BGR)
    det = engine()(page)  # detection only (Global.use_rec): the lines are read by read_crops
    quads = list(getattr(det, "boxes", None) if getattr(det, "boxes", None) is not None else [])
    if not quads:
        return []
    read = read_crops([get_rotate_crop_image(page, np.asarray(q, dtype=np.float32)) for q in quads])
    ink = cv2.morphologyEx(binarize(img), cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))  # no dust
    boxes = split_words(_boxes(quads, read), img, ink)
    boxes = level(boxes + split_words(missed(img, ink, boxes), img, ink), ink)
    for b in boxes:
        area = (int(b.x0), int(b.top), int(b.x1) + 1, int(b.bottom) + 1)
        text = _trim_dust(b.text, ink, area)
        if len(text) < len(b.text):  # the box ends at the glyph, not at the speck
            if b.text.startswith(text):
                b.x1 = _before_last_mark(ink, area, b.x1)
            else:
                b.x0 = _after_first_mark(ink, area, b.x0)
            area = (int(b.x0), int(b.top), int(b.x1) + 1, int(b.bottom) + 1)
        b.text = _slash(text, ink, area)  # (on the glyph alone: `.1` read for a / beside a speck)
        _without_dust(b, ink)
    _wrapped_brackets(boxes, ink)
    return [_advance(b) for b in boxes]


# A box this many line heights under another, overlapping it, may be a line wrapped from it.
WRAP_GAP = 1.0


def _wrapped_brackets(boxes: list[Box], ink: np.ndarray) -> None:
    """Each box with a bracket, under a line it may wrap from (the nearest box above that overlaps it),
    with its brackets in the width the wrap shows (brackets.wrapped: the indent is measured between the
    first glyphs' ink, specks left out)."""
    for b in boxes:
        if not brackets.ANY.search(b.text):
            continue
        h = b.bottom - b.top
        above = [a for a in boxes if 0 <= b.top - a.bottom <= WRAP_GAP * h and a.x0 < b.x1 and b.x0 < a.x1]
        if not above:
            continue
        a = max(above, key=lambda a: a.bottom)
        start, start_above = _first_glyph(b, ink), _first_glyph(a, ink)
        if start and start_above:
            b.text = brackets.wrapped(a.text, b.text, (start[0] - start_above[0]) / start[1])


def _first_glyph(box: Box, ink: np.ndarray) -> tuple[float, float] | None:
    """(x, line height) of the ink of the box's first glyph."""
    runs, height = ink_runs.glyphs(ink[int(box.top):int(box.bottom) + 1, int(box.x0):int(box.x1) + 1] > 0)
    return (box.x0 + runs[0].x0, height) if runs else None


# Glyphs the detector passed over are read when the engine is at least this sure of them.
MISSED_SCORE = 0.5
# Ink this close to the page's edge (a share of its size) is the scanner's border, not text.
PAGE_EDGE = 0.03


def missed(img: np.ndarray, ink: np.ndarray, boxes: list[Box]) -> list[Box]:
    """Words the detector passed over: a lone `=` before `100`, a `/` or a `10` alone in a cell of a
    borderless table.  The ink outside every box, grouped into words as outside a ruled table
    (cell_lines.words), and read where it stands on a line of text the detector found (an underline,
    a rule or the scanner's border stands on none); a faint `=` the engine cannot read is known by its
    two bars (_equals)."""
    if not boxes:
        return []
    h = float(np.median([b.bottom - b.top for b in boxes]))
    covered = np.zeros_like(ink)
    pad = max(1, int(0.15 * h))
    for b in boxes:
        covered[max(0, int(b.top) - pad):int(b.bottom) + pad + 1, max(0, int(b.x0) - pad):int(b.x1) + pad + 1] = 255
    rest = cv2_and_not(ink, covered)
    H, W = rest.shape
    my, mx = int(PAGE_EDGE * H), int(PAGE_EDGE * W)
    rest[:my], rest[H - my:], rest[:, :mx], rest[:, W - mx:] = 0, 0, 0, 0
    rows = sorted((b.top, b.bottom) for b in boxes)
    lines = [ln for ln in cell_lines.words(rest, h, SCALE) if _glyph_like(rest, ln.box, h) and _on_line(ln, rows)]
    out: list[Box] = []
    for ln, (text, conf) in zip(lines, read_lines(img, lines, covered, h, every=True)):
        text = _slash(cell_lines.trim(text, ln), ink, ln.box) if text else text
        x0, top, x1, bottom = ln.box
        if any(b.x0 <= x0 and x1 <= b.x1 and b.top <= top and bottom <= b.bottom for b in out):
            continue  # a bar of an = read already
        # A lone stroke the image shows to lean is a slash, and two bars of one length an =, however unsure
        # the engine is of them (a `1`; 国 or 二 for a faint =).
        bars = _equals(rest, ln.box, h) if conf < MISSED_SCORE else None
        if bars:
            out.append(Box(*map(float, bars), "=", MISSED_SCORE))
        elif text and conf >= (MIN_BOX_SCORE if text == "/" else MISSED_SCORE):
            out.append(Box(float(x0), float(top), float(x1), float(bottom), text, conf))
    return out


def _equals(ink: np.ndarray, box: cell_lines.Box, h: float) -> tuple[int, int, int, int] | None:
    """The box of an = round a lone mark: in half a glyph height above and below its middle, two bars (each
    at least twice as wide as thick) of one length (within a fifth), one over the other, less than 0.4
    glyph heights apart, and no other ink."""
    x0, top, x1, bottom = box
    mid, pad, side = (top + bottom) // 2, int(0.5 * h), int(0.2 * h)
    ya, xa = max(0, mid - pad), max(0, x0 - side)
    _, _, stats = cell_lines.components((ink[ya:mid + pad + 1, xa:x1 + side + 1] > 0).astype(np.uint8))
    marks = sorted(stats[1:, :4].tolist(), key=lambda m: m[1])  # x, y, w, h, top to bottom
    if len(marks) != 2 or not all(w >= 2 * t and w >= 0.25 * h for _, _, w, t in marks):
        return None
    (ax, ay, aw, at), (bx, by, bw, bt) = marks
    same = abs(aw - bw) <= 0.2 * max(aw, bw)
    stacked = min(ax + aw, bx + bw) - max(ax, bx) >= 0.8 * min(aw, bw)
    if not (same and stacked and 0 < by - (ay + at) <= 0.4 * h):
        return None
    return xa + min(ax, bx), ya + ay, xa + max(ax + aw, bx + bw), ya + by + bt


def _glyph_like(ink: np.ndarray, box: cell_lines.Box, h: float) -> bool:
    """Ink with a mark as tall as half a glyph or a bar (`-`, a stroke of `=`), not dust alone."""
    x0, top, x1, bottom = box
    _, _, stats = cell_lines.components((ink[top:bottom, x0:x1] > 0).astype(np.uint8))
    return any(mh >= 0.5 * h or (mw >= 3 * mh and mw >= 0.3 * h) for _, _, mw, mh, _ in stats[1:])


def _on_line(ln: cell_lines.Line, rows: list[tuple[float, float]]) -> bool:
    """Whether a line of words stands on a line of text the detector found."""
    mid = (ln.box[1] + ln.box[3]) / 2
    return any(a <= mid <= b for a, b in rows)


# Other views of a line of short glyphs, or of a missed word: (half the height taken from the page round
# its middle, paper above and below), in glyph heights.  A lone mark reads unevenly (`=` read I, 三 or
# 日, or not at all, in one view and surely in another); the surest view is kept.
VIEWS = ((0.3, 0.3), (0.2, 0.8))


def read_lines(page: np.ndarray, lines: list[cell_lines.Line], wipe: np.ndarray, h: float,
               every: bool = False) -> list[tuple[str, float]]:
    """(text, confidence) of each line as recognise() reads it; a line of glyphs under MARK_HEIGHT
    tall (`=`, `-`), or `every` line, also shown in the other VIEWS when it reads as something (a
    streak that reads as nothing is no text), the surest reading kept."""
    out = recognize(page, lines, wipe)
    more = [i for i, ln in enumerate(lines) if out[i][0] and (every or ln.box[3] - ln.box[1] < MARK_HEIGHT * h)]
    read = recognize(page, [v for i in more for v in _views(lines[i], h)], wipe) if more else []
    n = len(VIEWS)
    for k, i in enumerate(more):
        out[i] = max([out[i], *read[k * n:(k + 1) * n]], key=lambda r: r[1])
    return out


def _views(ln: cell_lines.Line, h: float) -> list[cell_lines.Line]:
    """The line as VIEWS show it, each at least as tall as its glyphs (both bars of an `=` whose
    thinner one binarizing lost are in)."""
    x0, top, x1, bottom = ln.box
    mid, pad_x = (top + bottom) / 2, int(0.4 * h)
    out = []
    for half, pad in VIEWS:
        t, b = min(top, int(mid - half * h)), max(bottom, int(mid + half * h) + 1)
        out.append(ln._replace(keep=(ln.keep[0], t, ln.keep[2], b),
                               crop=(x0 - pad_x, t - int(pad * h), x1 + pad_x, b + int(pad * h))))
    return out


def cv2_and_not(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a where b is not set."""
    import cv2

    return cv2.bitwise_and(a, cv2.bitwise_not(b))


# A number that has its decimal point ends in no printed full stop (`10.00.`: a speck).
_NUMBER_DOT = re.compile(r"[≥≤=<>]?[\d,]*\d\.\d+%?[.·]")


def _before_last_mark(ink: np.ndarray, area: tuple[int, int, int, int], x1: float) -> float:
    """The right edge of a box's ink but for its last mark (a speck the reading dropped): a box running
    on over it can close the gap before the next column of a borderless table."""
    x0, top, right, bottom = area
    _, _, stats = cell_lines.components((ink[top:bottom, x0:right] > 0).astype(np.uint8))
    ends = sorted(int(x + w) for x, _, w, _, _ in stats[1:])
    return float(x0 + ends[-2]) if len(ends) >= 2 else x1


# Ink no taller nor wider than this share of a box's height is a speck of dust when it stands off the
# box's other ink by at least DUST_APART of that height (the dot of 心 or the first stroke of 冫 stands closer).
DUST = 0.2
DUST_APART = 0.2
# Readings' first or last characters whose ink may be as small as a speck.
_SMALL_MARKS = "“”‘’\"'`.·•-－—~～、，。,:：;；_"


def _after_first_mark(ink: np.ndarray, area: tuple[int, int, int, int], x0: float) -> float:
    """The left edge of a box's ink but for its first mark (a speck read as a dot before a number)."""
    left, top, right, bottom = area
    _, _, stats = cell_lines.components((ink[top:bottom, left:right] > 0).astype(np.uint8))
    starts = sorted(int(x) for x in stats[1:, 0])
    return float(left + starts[1]) if len(starts) >= 2 else x0


def _without_dust(box: Box, ink: np.ndarray) -> None:
    """The box's ends pulled in past specks of dust at them that its reading holds no character for (it
    starts or ends with no small mark): the detector's box takes in a speck a few pixels off a word, and
    that can close the gap between two columns of a borderless table (`.预算完成率` over 三级指标's left
    edge, beside 二级指标)."""
    if not box.text:
        return
    x0, top = int(box.x0), int(box.top)
    height = int(box.bottom) + 1 - top
    _, _, stats = cell_lines.components((ink[top:int(box.bottom) + 1, x0:int(box.x1) + 1] > 0).astype(np.uint8))
    marks = stats[1:, :4].tolist()  # x, y, w, h
    dust = [max(w, h) <= DUST * height for _, _, w, h in marks]
    if all(dust):
        return
    start = min(m[0] for m, d in zip(marks, dust) if not d)
    end = max(m[0] + m[2] for m, d in zip(marks, dust) if not d)
    apart = DUST_APART * height
    if box.text[0] not in _SMALL_MARKS and any(d and m[0] + m[2] + apart <= start for m, d in zip(marks, dust)):
        box.x0 = float(x0 + min(m[0] for m, d in zip(marks, dust) if not d or m[0] + m[2] + apart > start))
    if box.text[-1] not in _SMALL_MARKS and any(d and m[0] >= end + apart for m, d in zip(marks, dust)):
        box.x1 = float(x0 + max(m[0] + m[2] for m, d in zip(marks, dust) if not d or m[0] < end + apart))
    # Over and under the line of text no mark is printed: a speck there, apart from every glyph's ink, only
    # makes the box taller, and so nearer the row above or below (a cell joined to the next row's).
    band_top, band_bottom = min(m[1] for m, d in zip(marks, dust) if not d), \
        max(m[1] + m[3] for m, d in zip(marks, dust) if not d)
    if any(d and m[1] + m[3] < band_top for m, d in zip(marks, dust)):
        box.top = float(top + min(m[1] for m, d in zip(marks, dust) if not d or m[1] + m[3] >= band_top))
    if any(d and m[1] > band_bottom for m, d in zip(marks, dust)):
        box.bottom = float(top + max(m[1] + m[3] for m, d in zip(marks, dust) if not d or m[1] <= band_bottom))


def _trim_dust(text: str, ink: np.ndarray, area: tuple[int, int, int, int]) -> str:
    """A reading without a dot at either end of a box (`产出指标.`) that has no ink of its own there, or
    only dust: a speck-sized mark off the baseline.  A printed full stop (`银行贷款.`) stays.  The
    detector's counterpart of cell_lines.trim."""
    specks = cell_lines.SPECK_READINGS
    if len(text) < 2 or not (text[0] in specks or text[-1] in specks):
        return text
    x0, top, x1, bottom = area
    n, _, stats = cell_lines.components((ink[top:bottom, x0:x1] > 0).astype(np.uint8))
    marks = sorted(stats[1:, :4].tolist())  # x, y, w, h, left to right
    if len(marks) < 2:  # one mark holds no dot beside its glyph: the dot was read from a speck wiped as dust
        return text.strip(specks) if len(marks) == 1 and text.strip(specks) else text
    height = bottom - top

    def printed(m: list[int], others: list[list[int]], last: bool) -> bool:
        apart = m[0] >= max(o[0] + o[2] for o in others) - 1 if last else m[0] + m[2] <= min(o[0] for o in others) + 1
        dot = max(m[2], m[3]) < 0.25 * height
        return apart and dot and m[1] + m[3] >= 0.75 * height  # on the baseline

    if text[-1] in specks and (_NUMBER_DOT.fullmatch(text) or not printed(marks[-1], marks[:-1], True)):
        text = text[:-1]
    if len(text) > 1 and text[0] in specks and (text[1].isdigit() or HAN.match(text[1])
                                                 or not printed(marks[0], marks[1:], False)):
        text = text[1:]  # a number does not begin with its decimal point (.6 is printed 0.6), nor words with a dot
    return text


def _boxes(quads: list, read: list[tuple[str, float]]) -> list[Box]:
    """The detector's boxes and their readings as boxes round the glyphs (empty or doubtful ones left out)."""
    boxes = []
    for pts, (text, score) in zip(quads, read):
        if not text or score < MIN_BOX_SCORE:
            continue
        pts = np.asarray(pts, dtype=np.float32)
        # The detector's boxes stand ~15% of their height above and below the glyphs; the layout step
        # groups lines by vertical overlap, as with a text layer's glyph boxes, so pull them in.
        top, bottom = float(pts[:, 1].min()), float(pts[:, 1].max())
        boxes.append(Box(float(pts[:, 0].min()), top + 0.15 * (bottom - top), float(pts[:, 0].max()),
                         bottom - 0.15 * (bottom - top), text, float(score)))
    return boxes


# Glyphs further apart than this share of the line's height are separate words: the space between the
# characters of a word, and inside a glyph (儿, 川), is under a third.  A full-width mark (。，、) has its
# ink at one side of its square and leaves up to ~0.75 of paper beside it, so a line that has one is
# cut only at the wider gap.
WORD_GAP = 0.45
WORD_GAP_BY_MARK = 0.8
_WIDE_MARKS = set("。，、；：！？,;:!?")
# A piece of a box narrower than this share of its height is no word (a speck, a sliver of a glyph
# of the next column) and stays with its neighbour.
MIN_WORD = 0.5


def split_words(boxes: list[Box], img: np.ndarray, ink: np.ndarray) -> list[Box]:
    """Boxes pulled in to their ink, and those with wide gaps in it cut into one box a word.

    The detector joins words a few points apart into one box (the columns of a borderless table:
    `分值 得分`, `10.00 100.00`, `2.001.80`); a text layer gives them as separate words, and the layout
    step needs them so.  Where the reading has as many words as the ink, they are shared out; else the
    pieces are read again (one batched call for the page).  A bracket beside a cut takes the width its
    gap shows (brackets.at_cuts)."""
    out: list[Box] = []
    reread: list[Box] = []
    cut: list[list[Box]] = []
    for box in boxes:
        pieces = _pieces(box, ink)
        parts = box.text.split()
        if len(pieces) == 1:
            out.append(Box(pieces[0][0], box.top, pieces[0][1], box.bottom, box.text, box.conf))
            continue
        if len(parts) == len(pieces) and _spaces_fit(parts, pieces):
            words = [Box(x0, box.top, x1, box.bottom, part, box.conf) for (x0, x1), part in zip(pieces, parts)]
            out += words
        else:
            words = [Box(x0, box.top, x1, box.bottom, "", box.conf) for x0, x1 in pieces]
            reread += words
        cut.append(words)
    for box, (text, conf) in zip(reread, _read_boxes(img, reread)):
        box.text, box.conf = (text, conf) if conf >= MIN_BOX_SCORE else ("", conf)
    for words in cut:
        height = (words[0].bottom - words[0].top) / BOX_OVER_INK
        texts = brackets.at_cuts([w.text for w in words], [(b.x0 - a.x1) / height for a, b in zip(words, words[1:])])
        for w, text in zip(words, texts):
            w.text = text
    return out + [b for b in reread if b.text]


# The reading's spaces stand where the ink's gaps are when each falls within this share of the box's
# width of its gap (a glyph counted one em wide, or half one for Latin letters, digits and brackets):
# `(6 分)年度绩` read with its space after 6, not after ), beside a gap after ) is read again.
SPACE_SLACK = 0.15


def _spaces_fit(parts: list[str], pieces: list[tuple[float, float]]) -> bool:
    """Whether the words of a reading fall on the pieces of ink they are shared out to."""
    ems = [sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in part) for part in parts]
    span, total = pieces[-1][1] - pieces[0][0], sum(ems)
    done = 0.0
    for i, em in enumerate(ems[:-1]):
        done += em
        gap = ((pieces[i][1] + pieces[i + 1][0]) / 2 - pieces[0][0]) / span
        if abs(done / total - gap) > SPACE_SLACK:
            return False
    return True


# Ink of CJK glyphs fills about this share of the type's height (a text layer's glyph box).
INK_HEIGHT = 1.0


def level(boxes: list[Box], ink: np.ndarray) -> list[Box]:
    """Each box's top and bottom set round its ink as a text layer's glyph box would stand: centred on
    the ink and the type's height tall, that of the page's common text for a line of shorter glyphs
    (digits).  The detector's boxes stand wider of the glyphs the more space there is round them,
    which narrows the gaps between the rows of a borderless table unevenly."""
    spans = [_ink_rows(b, ink) for b in boxes]
    heights = [b - a for a, b in filter(None, spans)]
    if not heights:
        return boxes
    common = float(np.median(heights))
    for box, span in zip(boxes, spans):
        if span:
            half = max(span[1] - span[0], common) / INK_HEIGHT / 2
            box.top, box.bottom = (span[0] + span[1]) / 2 - half, (span[0] + span[1]) / 2 + half
    return boxes


# Full-width marks whose ink stands at the left of their square (a text layer's glyph box is the square),
# and opening brackets whose ink stands at its right.  Not quotes: many fonts print “ narrow, as in Latin text.
_LEFT_MARKS = "。、，；：！？"
_OPENING_BRACKETS = "（《「『【〔"


def _advance(box: Box) -> Box:
    """A box ending in a full-width mark widened over the paper the mark's square holds to its right, and
    one opening with a full-width bracket over the paper to its left, as a text layer's box would be: the
    detector ends the box at the ink and cuts `经济发展。(2)制定` there, and the reading's words are cut at
    `管护机制 （县级统管`, leaving a gap as wide as one between two cells of a borderless table."""
    if box.text.endswith(tuple(_LEFT_MARKS)):
        box.x1 += 0.6 * (box.bottom - box.top)
    if box.text.startswith(tuple(_OPENING_BRACKETS)):
        box.x0 -= 0.6 * (box.bottom - box.top)
    return box


def _ink_rows(box: Box, ink: np.ndarray) -> tuple[int, int] | None:
    """[first, last] pixel rows of ink inside the box."""
    top = int(box.top)
    rows = np.flatnonzero(ink[top:int(box.bottom) + 1, int(box.x0):int(box.x1) + 1].any(axis=1))
    return (top + int(rows[0]), top + int(rows[-1]) + 1) if rows.size else None


def _pieces(box: Box, ink: np.ndarray) -> list[tuple[float, float]]:
    """The box's ink split at word gaps (WORD_GAP line heights, WORD_GAP_BY_MARK after a mark): (x0, x1)
    of each word, pulled in to the ink (the detector's box stands a few points wide of the glyphs, into
    the next column)."""
    x0 = int(box.x0)
    area = ink[int(box.top):int(box.bottom) + 1, x0:int(box.x1) + 1]
    inked = area.any(axis=0)
    cols = np.flatnonzero(inked)
    if cols.size == 0:
        return [(box.x0, box.x1)]
    height = _glyph_height(area, inked, box.bottom - box.top)
    if not _DOTS.intersection(box.text):
        inked = _without_floating_specks(area, inked, height)
        cols = np.flatnonzero(inked) if inked.any() else cols
    marks = bool(_WIDE_MARKS.intersection(box.text))
    gaps = [(a, b) for a, b in _gap_runs(inked[cols[0]:cols[-1] + 1], int(cols[0]))
            if b - a >= (WORD_GAP_BY_MARK if marks and _after_mark(area, a, height) else WORD_GAP) * height]
    edges = [int(cols[0])] + [e for gap in gaps for e in gap] + [int(cols[-1]) + 1]
    spans = [[edges[i], edges[i + 1]] for i in range(0, len(edges), 2)]
    narrow = lambda span: span[1] - span[0] < MIN_WORD * height  # noqa: E731
    sliver = lambda span: narrow(span) and not _whole_glyph(area, span, height)  # noqa: E731
    while len(spans) > 1 and sliver(spans[0]):  # a sliver of the word before, across a word gap
        spans.pop(0)
    while len(spans) > 1 and sliver(spans[-1]):
        spans.pop()
    words: list[list[int]] = []
    for i, span in enumerate(spans):  # a narrow piece inside stays with the word before it
        if words and narrow(span) and 0 < i < len(spans) - 1:
            words[-1][1] = span[1]
        else:
            words.append(span)
    return [(float(x0 + a), float(x0 + b)) for a, b in words]


# The detector's box (pulled in) stands about this much taller than the ink of its glyphs.
BOX_OVER_INK = 1.15


def _glyph_height(area: np.ndarray, inked: np.ndarray, box_height: float) -> float:
    """The line height the word gaps of a box are measured in: its own, but for a box that joins lines of
    two columns printed a little apart in height (`(6分)` and `年度绩`), as tall as both, where its
    glyphs (the runs of ink across it) are as tall as one."""
    extents = []
    for a, b in _gap_runs(~inked, 0):  # the runs of ink
        rows = np.flatnonzero(area[:, a:b].any(axis=1))
        extents.append(int(rows[-1] - rows[0]) + 1)
    return min(box_height, BOX_OVER_INK * float(np.median(extents))) if extents else box_height


# A mark's ink (，。、：；) is under these shares of the line's height tall and wide; a glyph's, or a digit's, over one.
MARK_HEIGHT = 0.6
MARK_WIDTH = 0.4


def _after_mark(area: np.ndarray, gap: int, height: float) -> bool:
    """Whether the ink just left of a gap is a mark (the paper of its square follows it), not a glyph: each
    piece of ink that ends at the gap is short and narrow, as a mark's dots and hooks are (，。、：；), where a
    glyph's last piece is as tall as a glyph (年, 以, whose last columns print strokes across only) or as
    wide (二)."""
    window = area[:, max(0, gap - int(2 * height)):gap]
    _, labels, stats = cell_lines.components((window > 0).astype(np.uint8))
    edge = set(labels[:, -1].tolist()) - {0}
    return all(stats[k, 3] < MARK_HEIGHT * height and stats[k, 2] < MARK_WIDTH * height for k in edge)


def _whole_glyph(area: np.ndarray, span: list[int], height: float) -> bool:
    """A narrow piece that is a glyph of its own (`/` after `100.00%`, a `1`): as tall as a glyph and
    with the detector's margin between it and the box's edge, where a sliver of a glyph of the next
    column runs up to the edge (the box cuts it)."""
    margin = 0.15 * height
    if span[0] < margin or span[1] > area.shape[1] - margin:
        return False
    rows = np.flatnonzero(area[:, span[0]:span[1]].any(axis=1))
    return rows.size > 0 and rows[-1] - rows[0] + 1 >= MARK_HEIGHT * height


def _read_boxes(img: np.ndarray, boxes: list[Box]) -> list[tuple[str, float]]:
    """(text, confidence) of each box, recognised without detection from its glyphs on clean paper."""
    import cv2

    crops = []
    for b in boxes:
        h = b.bottom - b.top
        top, bottom = max(0, int(b.top - 0.25 * h)), int(b.bottom + 0.25 * h) + 1
        part = img[top:bottom, max(0, int(b.x0) - 1):int(b.x1) + 2]
        pad_y, pad_x = int(0.3 * h), int(0.4 * h)
        crop = cv2.copyMakeBorder(part, pad_y, pad_y, pad_x, pad_x, cv2.BORDER_CONSTANT, value=255)
        crops.append(cv2.cvtColor(crop, cv2.COLOR_GRAY2BGR))
    return read_crops(crops)


# A run of ink between glyphs no wider or taller than this share of the line's height, this share apart
# from the ink on both sides and ending this share above their feet, is a speck (_without_floating_specks).
SPECK, FLOATING = 0.25, 0.15
# Marks printed off the baseline, as small as a speck: a reading with one of them keeps its dust-sized ink.
_DOTS = set("·•‧∙°'\"‘’“”")


def _without_floating_specks(area: np.ndarray, inked: np.ndarray, height: float) -> np.ndarray:
    """The box's inked columns without the runs of ink that are a speck off the baseline (`率 · 3`: a speck
    between a 三级指标 and its 分值 that the detector bridged the column gap with, read as `-`): as small as
    dust and ending above the feet of the glyphs on both sides, where a printed full stop, comma or decimal
    point stands on them."""
    out = inked.copy()
    runs = [(a, b, np.flatnonzero(area[:, a:b].any(axis=1))) for a, b in _gap_runs(~inked, 0)]
    small = [max(b - a, rows[-1] - rows[0] + 1) <= SPECK * height for a, b, rows in runs]
    for n, (a, b, rows) in enumerate(runs):
        if not small[n] or n == 0 or n == len(runs) - 1:
            continue
        left = next((r[-1] for (_, _, r), s in zip(runs[n - 1::-1], small[n - 1::-1]) if not s), None)
        right = next((r[-1] for (_, _, r), s in zip(runs[n + 1:], small[n + 1:]) if not s), None)
        apart = min(a - runs[n - 1][1], runs[n + 1][0] - b) >= FLOATING * height  # not a glyph's dot (门, 心)
        if apart and left is not None and right is not None and rows[-1] < min(left, right) - FLOATING * height:
            out[a:b] = False  # above the feet of the glyphs on both sides: a decimal point stands on theirs
    return out


def _gap_runs(inked: np.ndarray, offset: int) -> list[tuple[int, int]]:
    """[start, end) of each run of paper columns."""
    edges = np.flatnonzero(np.diff(np.concatenate(([1], inked.astype(np.int8), [1]))))
    return [(int(a) + offset, int(b) + offset) for a, b in zip(edges[::2], edges[1::2])]


def reading_quality(read: list[tuple[str, float]]) -> tuple[float, int]:
    """(mean confidence weighted by characters, confident characters) of texts read."""
    chars = sum(len(text) for text, _ in read)
    if not chars:
        return 0.0, 0
    mean = sum(conf * len(text) for text, conf in read) / chars
    return mean, sum(len(text) for text, conf in read if conf >= 0.9)


# --------------------------------------------------------------------------------------------
# Image
# --------------------------------------------------------------------------------------------

def binarize(gray: np.ndarray) -> np.ndarray:
    """Ink = 255, paper = 0 (adaptive, so uneven lighting and grey paper do not matter)."""
    import cv2

    return cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 35, 15)


def ink_fraction(bw: np.ndarray) -> float:
    import cv2

    # Speckles (1-2 px dots) do not count as ink.
    clean = cv2.morphologyEx(bw, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    return float(np.count_nonzero(clean)) / clean.size


SPECK_CHUNK = 4096  # specks whose neighbourhoods are checked at once (_crowded): ~20 MB of blocks


def despeckle(gray: np.ndarray, bw: np.ndarray) -> tuple[np.ndarray, int]:
    """Dust and toner dots wiped to paper: small, compact ink specks with no other ink within 3 pt.

    A decimal point or a comma sits right beside its digits and stays; a dash ('-' for "none") is
    elongated and stays.  Returns the cleaned image and the number of specks removed."""
    import cv2

    unit = DPI / 72
    n, labels, stats = cell_lines.components(bw)
    if n <= 1:
        return gray, 0
    w, h = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    side = 2.2 * unit  # up to ~6 px at 200 dpi
    small = (w <= side) & (h <= side) & (np.maximum(w, h) < 2.5 * np.maximum(np.minimum(w, h), 1))
    small[0] = False
    if not small.any():
        return gray, 0
    # A speck is kept when any other ink (a glyph, or the other dot of a colon) lies within 3 pt:
    # grow every component by 1.5 pt and keep the specks whose grown areas overlap another's.
    specks = np.flatnonzero(small)
    r = int(round(1.5 * unit))
    # in chunks: a dusty scan has tens of thousands of specks, and each takes a block of ~500 pixels
    crowded = np.concatenate([_crowded(labels, n, specks[i:i + SPECK_CHUNK], stats, r)
                              for i in range(0, len(specks), SPECK_CHUNK)])
    drop = specks[~crowded].tolist()
    if not drop:
        return gray, 0
    out = gray.copy()
    paper = np.uint8(np.median(gray[::8, ::8]))  # the paper's tone
    for i in drop:  # the speck and a pixel round it (its blur)
        x, y, w, h = stats[i, :4].tolist()
        area = slice(max(0, y - 1), y + h + 1), slice(max(0, x - 1), x + w + 1)
        out[area][cv2.dilate((labels[area] == i).astype(np.uint8), np.ones((3, 3), np.uint8)) > 0] = paper
    return out, len(drop)


def _crowded(labels: np.ndarray, n: int, specks: np.ndarray, stats: np.ndarray, r: int) -> np.ndarray:
    """Whether each speck's area grown by r pixels meets another component's, as whole-page max and min
    filters (r each way) of the labels tell it: a pixel whose largest and smallest label differ is where
    grown areas meet, and it counts for those two.  Worked out on a block round each speck alone (its box
    and 2r about it: all that the filters at the pixels within r of it see), the blocks stacked in one
    image; what lies off the page is paper, which neither filter takes."""
    import cv2

    H, W = labels.shape
    x, y, w, h = (stats[specks, k][:, None] for k in range(4))
    k = np.arange(int(max(w.max(), h.max())) + 4 * r)  # pixels across a block
    rows, cols = y - 2 * r + k, x - 2 * r + k
    on_page = ((rows >= 0) & (rows < H))[:, :, None] & ((cols >= 0) & (cols < W))[:, None, :]
    block = labels[rows.clip(0, H - 1)[:, :, None], cols.clip(0, W - 1)[:, None, :]]
    block = np.where(on_page, block, 0).astype(np.float32)
    kernel = np.ones((2 * r + 1, 2 * r + 1), np.uint8)
    most = cv2.dilate(block.reshape(-1, k.size), kernel).reshape(block.shape)
    least = cv2.erode(np.where(block > 0, block, np.float32(n + 1)).reshape(-1, k.size), kernel).reshape(block.shape)
    near = on_page & ((k >= r) & (k < h + 3 * r))[:, :, None] & ((k >= r) & (k < w + 3 * r))[:, None, :]
    i = specks[:, None, None]
    return (near & (most != least) & (least <= n) & ((most == i) | (least == i))).any(axis=(1, 2))


def skew_angle(bw: np.ndarray, limit: float = 3.0) -> float:
    """Degrees to turn the page (counter-clockwise, as cv2) so its lines run level: the angle whose
    horizontal ink profile is sharpest (sum of squared row differences), coarse then fine."""
    import cv2

    small = cv2.resize(bw, (bw.shape[1] // 2, bw.shape[0] // 2), interpolation=cv2.INTER_AREA)
    h, w = small.shape
    centre = (w / 2, h / 2)

    def sharpness(angle: float) -> float:
        m = cv2.getRotationMatrix2D(centre, angle, 1.0)
        rot = cv2.warpAffine(small, m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
        # The ink of each row summed in exact integers by OpenCV, ~15 times faster than numpy's float sum.
        profile = cv2.reduce(rot, 1, cv2.REDUCE_SUM, dtype=cv2.CV_32S)[:, 0].astype(np.float64)
        return float(np.square(np.diff(profile)).sum())

    best = max(np.arange(-limit, limit + 1e-9, 0.25), key=sharpness)
    best = max(np.arange(best - 0.2, best + 0.2 + 1e-9, 0.05), key=sharpness)
    return float(best)


def rotate(gray: np.ndarray, angle: float) -> np.ndarray:
    import cv2

    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


# --------------------------------------------------------------------------------------------
# Ruled tables
# --------------------------------------------------------------------------------------------

@dataclass
class Table:
    x0: float  # pixels
    top: float
    x1: float
    bottom: float
    rows: list[tuple[str, ...]] = field(default_factory=list)
    conf: list[tuple[float | None, ...]] = field(default_factory=list)
    boxes: list[tuple[float, float, float, float]] = field(default_factory=list)  # per row, across the table


def _segments(mask: np.ndarray, horizontal: bool, min_len: int) -> list[tuple[float, float, float]]:
    """(position, start, end) of each line piece: y, x0, x1 for horizontal; x, y0, y1 for vertical.
    The position is the piece's fullest pixel row (column), so a character touching the line does not
    pull it off."""
    _, labels, stats = cell_lines.components(mask)
    fullest = _fullest(mask, labels, stats, horizontal).tolist()
    out = []
    for (x, y, w, h, _), mid in zip(stats.tolist()[1:], fullest[1:]):  # plain numbers: a fast loop
        if (w if horizontal else h) < min_len:
            continue
        if (h if horizontal else w) <= 3:
            pos = (y + h / 2) if horizontal else (x + w / 2)
        else:
            pos = (y if horizontal else x) + mid
        out.append((pos, float(x), float(x + w)) if horizontal else (pos, float(y), float(y + h)))
    return out


def _fullest(mask: np.ndarray, labels: np.ndarray, stats: np.ndarray, horizontal: bool) -> np.ndarray:
    """For each component (by label), the mean of its fullest pixel rows (columns), those holding at least
    0.6 of the most any of them holds, counted from its top (left) edge.  All components at once, from
    the count of each one's pixels in each of its rows: a page has a thousand (strokes of characters)."""
    import cv2

    start, size = (stats[:, 1], stats[:, 3]) if horizontal else (stats[:, 0], stats[:, 2])
    points = cv2.findNonZero(mask)
    if points is None:
        return np.zeros(len(stats))
    xs, ys = points.reshape(-1, 2).T
    label = labels[ys, xs]
    base = np.concatenate(([0], np.cumsum(size)[:-1]))  # where each component's counts start
    counts = np.bincount(base[label] + (ys if horizontal else xs) - start[label], minlength=int(size.sum()))
    full = counts >= np.repeat(np.maximum.reduceat(counts, base) * 0.6, size)
    offset = np.arange(counts.size) - np.repeat(base, size)
    return np.add.reduceat(np.where(full, offset, 0), base) / np.add.reduceat(full.astype(np.int64), base)


def _cluster(values: list[float], tol: float) -> list[float]:
    """Positions closer than `tol` merged into their mean."""
    groups: list[list[float]] = []
    for v in sorted(values):
        if groups and v - groups[-1][-1] <= tol:
            groups[-1].append(v)
        else:
            groups.append([v])
    return [sum(g) / len(g) for g in groups]


class RuledGrid(NamedTuple):
    """A ruled table found in a page image, in pixels."""
    ys: list[float]  # row lines, top to bottom
    xs: list[float]  # column lines, left to right
    hmask: np.ndarray  # the horizontal rulings kept (where a ruling is, to find merged cells)
    vmask: np.ndarray  # the vertical rulings kept
    bbox: tuple[int, int, int, int]  # x0, top, x1, bottom


@dataclass(frozen=True, slots=True)
class RulingSettings:
    """How ruling lines are told from text, in PDF points (× DPI/72 for pixels)."""
    bridge: float = 2.0  # gaps this short in a ruling are bridged (specks, JPEG, uneven binarizing)
    close: float = 4.0  # gaps this short are closed after opening (a residual skew)
    row: float = 7.0  # a vertical piece shorter than a table row is a character stroke
    long_vertical: float = 40.0  # a vertical ruling this long anchors shorter horizontal pieces
    snap: float = 3.0  # line positions closer than this are one line (pdfplumber's snap tolerance)
    drawn: float = 0.75  # a short ruling is inked over this share of its length (a stroke bridged to two rulings: ~0.5)
    min_width: float = 40.0  # a table is at least this wide ...
    min_height: float = 15.0  # ... and this tall
    # Strokes of characters lined up over the lines of a long text (a reason cell of a borderless table,
    # scanned at a low resolution) pass for a grid: one that is no frame is a table only when it is this
    # wide and most of its columns are wider than a character.
    min_table: float = 120.0
    char: float = 12.0


RULINGS = RulingSettings()


def _ruling_masks(gray: np.ndarray, r: RulingSettings, unit: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The page binarized for lines, and its horizontal and vertical line masks (opened with long
    thin kernels)."""
    import cv2

    W = gray.shape[1]
    rect = lambda w, h: cv2.getStructuringElement(cv2.MORPH_RECT, (w, h))  # noqa: E731
    gap = max(3, int(r.bridge * unit))
    # A thin ruling in a light scan is barely darker than the paper and wobbles by a pixel row:
    # binarize more sensitively than for text and thicken by a pixel across the line's direction.
    lines = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 35, 8)
    hmask = cv2.morphologyEx(cv2.dilate(lines, np.ones((3, 1), np.uint8)), cv2.MORPH_CLOSE, rect(gap, 1))
    hmask = cv2.morphologyEx(hmask, cv2.MORPH_OPEN, rect(_min_horizontal(W), 1))
    hmask = cv2.morphologyEx(hmask, cv2.MORPH_CLOSE, rect(int(r.close * unit), 1))
    vmask = cv2.morphologyEx(cv2.dilate(lines, np.ones((1, 3), np.uint8)), cv2.MORPH_CLOSE, rect(1, gap))
    vmask = cv2.morphologyEx(vmask, cv2.MORPH_OPEN, rect(1, max(10, int(r.row * unit))))
    vmask = cv2.morphologyEx(vmask, cv2.MORPH_CLOSE, rect(1, int(r.close * unit)))
    return lines, hmask, vmask


def _min_horizontal(width: int) -> int:
    """The shortest horizontal ruling piece, in pixels, on a page `width` pixels wide (~20 pt on A4)."""
    return max(15, int(width / 30))


def _draw(shape: tuple[int, ...], segs: list[tuple[float, float, float]], horizontal: bool) -> np.ndarray:
    mask = np.zeros(shape, np.uint8)
    for pos, a, b in segs:
        p = int(round(pos))
        if horizontal:
            mask[max(0, p - 2):p + 3, int(a):int(b) + 1] = 255
        else:
            mask[int(a):int(b) + 1, max(0, p - 2):p + 3] = 255
    return mask


def _inked(lines: np.ndarray, seg: tuple[float, float, float], horizontal: bool) -> float:
    """The share of a line piece's length that is ink before any gap was bridged (a ruling is drawn
    whole; strokes of characters joined by the closing are not)."""
    p, a, b = int(round(seg[0])), int(seg[1]), int(seg[2])
    band = lines[max(0, p - 1):p + 2, a:b].any(axis=0) if horizontal else lines[a:b, max(0, p - 1):p + 2].any(axis=1)
    return float(band.mean()) if band.size else 0.0


def _rulings(gray: np.ndarray, lines: np.ndarray, hmask: np.ndarray, vmask: np.ndarray, r: RulingSettings,
             unit: float):
    """The line pieces that are rulings, not text.  Horizontal: long, or running between two long
    vertical lines and drawn whole (the strokes of a line of characters run together over a cell's
    width, and into the border the text starts at, but never reach the far border).  Vertical:
    meeting two horizontal lines, and long or drawn whole (a character's stroke bridged to the
    rulings above and below it is not), cut to run from the first to the last (text printed just
    below a table can touch its last line)."""
    W = hmask.shape[1]
    vk = max(10, int(r.row * unit))
    tol = r.snap * unit
    vpieces = _segments(vmask, False, vk)
    long_v = [s for s in vpieces if s[2] - s[1] >= int(r.long_vertical * unit)]

    def meets(x: float, y: float) -> bool:
        return any(abs(vx - x) <= tol and y0 - tol <= y <= y1 + tol for vx, y0, y1 in long_v)

    # A short piece counts (the ruling under a narrow 序号 cell, beside a cell merged down the rows).
    def crosses(y: float, x0: float, x1: float) -> bool:  # text inside a cell reaches no vertical line
        return any(x0 - tol <= vx <= x1 + tol and y0 - tol <= y <= y1 + tol for vx, y0, y1 in long_v)

    # Pieces of a line joined over the gaps that show a line drawn (_bridged): long ones, and those drawn
    # whole that reach or cross a vertical line.
    pieces = _bridged([s for s in _segments(hmask, True, _min_horizontal(W))
                       if s[2] - s[1] >= W / 3 or (_inked(lines, s, True) >= r.drawn and crosses(*s))], gray, tol)
    hsegs = [s for s in pieces if s[2] - s[1] >= W / 3 or (meets(s[1], s[0]) and meets(s[2], s[0]))]
    vsegs = []
    for (x, y0, y1), (hits, first, last) in zip(vpieces, _crossings(vpieces, hsegs, tol)):
        if hits >= 2 and last - first >= vk and (y1 - y0 >= r.long_vertical * unit
                                                 or _inked(lines, (x, y0, y1), False) >= r.drawn):
            vsegs.append((x, max(y0, first - 2), min(y1, last + 2)))
    return hsegs, vsegs


def _bridged(pieces: list[tuple[float, float, float]], gray: np.ndarray,
             tol: float) -> list[tuple[float, float, float]]:
    """Horizontal pieces joined along their line where the gap between two shows a thin dark line: a thin
    ruling scanned faint (blurred, at a high resolution) is lost to the binarizer beside text (the local
    mean it compares with is darker there), so it comes in pieces, and a piece reaches a vertical line at
    one end or none."""
    out = sorted(pieces, key=lambda s: s[1])
    joined = True
    while joined:
        joined = False
        for i, (y, x0, x1) in enumerate(out):
            for j in range(i + 1, len(out)):
                p = out[j]
                # pieces that overlap are one line only at one height (strokes of text a few rows apart overlap)
                if abs(p[0] - y) <= (tol if p[1] >= x1 else 1.5) and _drawn_between(gray, y, (x1, p[1])):
                    out[i] = (y, x0, max(x1, p[2]))
                    del out[j]
                    joined = True
                    break
            if joined:
                break
    return out


def _drawn_between(gray: np.ndarray, y: float, gap: tuple[float, float]) -> bool:
    """Whether a horizontal line runs at y through the gap: in nine columns of ten the darkest pixel across
    it (±2 rows) is well darker than the pixels 5-9 rows above or below it, and in half of them than both, a
    thin dark line on paper (the last line of a full cell's text may come that close on one side).  Text in
    a merged cell that the line does not cross is dark above and below too, or not at all; text crossing it
    leaves paper between its characters."""
    a, b, p = int(gap[0]), int(gap[1]), int(round(y))
    if b <= a:
        return True  # the pieces touch or overlap
    if p < 9 or p + 10 > gray.shape[0]:
        return False
    line = gray[p - 2:p + 3, a:b].min(axis=0).astype(int)
    above = gray[p - 9:p - 4, a:b].min(axis=0).astype(int)
    below = gray[p + 5:p + 10, a:b].min(axis=0).astype(int)
    return bool(np.mean(line < np.maximum(above, below) - 20) >= 0.9
                and np.mean(line < np.minimum(above, below) - 20) >= 0.5)


def _crossings(vsegs: list[tuple[float, float, float]], hsegs: list[tuple[float, float, float]],
               tol: float) -> list[tuple[int, float, float]]:
    """For each vertical piece, the horizontal ones it meets (within `tol`): how many, and the y of the
    first and of the last (inf and -inf for none).  All pairs at once: a page has a thousand vertical
    pieces (most of them strokes of characters)."""
    if not vsegs:
        return []
    v = np.array(vsegs, dtype=np.float64).reshape(-1, 3)
    h = np.array(hsegs, dtype=np.float64).reshape(-1, 3)
    x, y0, y1 = v[:, 0:1], v[:, 1:2], v[:, 2:3]
    hy, hx0, hx1 = h[:, 0], h[:, 1], h[:, 2]
    meet = (hx0 - tol <= x) & (x <= hx1 + tol) & (y0 - tol <= hy) & (hy <= y1 + tol)
    first = np.where(meet, hy, np.inf).min(axis=1, initial=np.inf)
    last = np.where(meet, hy, -np.inf).max(axis=1, initial=-np.inf)
    return list(zip(meet.sum(axis=1).tolist(), first.tolist(), last.tolist()))


def find_tables(gray: np.ndarray, r: RulingSettings = RULINGS) -> list[RuledGrid]:
    """Ruled tables in a (deskewed) grayscale page: connected groups of rulings with at least two
    lines each way, top to bottom.  A group inside another's bounds is no table of its own unless the
    other is a frame (a box round a table): the strokes of a long text in a cell, lined up over its
    lines, can pass for a grid, and reading them as rulings would wipe those strokes from the text.  Such a
    grid outside any table (a borderless table's reason column, scanned at a low resolution) is told by its
    size: narrower than any table, or most of its columns narrower than a character (_lined_up_text)."""
    import cv2

    unit = DPI / 72  # one point in pixels
    hsegs, vsegs = _rulings(gray, *_ruling_masks(gray, r, unit), r, unit)
    hmask, vmask = _draw(gray.shape, hsegs, True), _draw(gray.shape, vsegs, False)
    both = cv2.dilate(cv2.bitwise_or(hmask, vmask), np.ones((5, 5), np.uint8))
    n, labels, stats = cell_lines.components(both)

    def group(pos: float, a: float, b: float, horizontal: bool) -> int:
        """The group of rulings a piece belongs to (a box drawn round a table holds the table's
        pieces inside its bounds, but not in its group)."""
        along, across = int((a + b) / 2), int(round(pos))
        return int(labels[across, along] if horizontal else labels[along, across])

    found: dict[int, RuledGrid] = {}
    for i in range(1, n):
        x, y, w, h, _ = stats[i]
        if w < r.min_width * unit or h < r.min_height * unit:
            continue
        ys = _cluster([s[0] for s in hsegs if group(*s, True) == i], r.snap * unit)
        xs = _cluster([s[0] for s in vsegs if group(*s, False) == i], r.snap * unit)
        if len(ys) >= 2 and len(xs) >= 2:
            found[i] = RuledGrid(ys, xs, hmask, vmask, (x, y, x + w, y + h))
    nested = {i for i, g in found.items()
              if any(j != i and not _frame(other) and _within(g.bbox, other.bbox) for j, other in found.items())}
    nested |= {i for i, g in found.items() if not _frame(g) and _lined_up_text(g, r, unit)}
    if nested:
        hmask = _draw(gray.shape, [s for s in hsegs if group(*s, True) not in nested], True)
        vmask = _draw(gray.shape, [s for s in vsegs if group(*s, False) not in nested], False)
    tables = [g._replace(hmask=hmask, vmask=vmask) for i, g in found.items() if i not in nested]
    return sorted(tables, key=lambda t: t.bbox[1])


def _lined_up_text(g: RuledGrid, r: RulingSettings, unit: float) -> bool:
    """Whether a grid is the strokes of a text's characters lined up over its lines: narrower than any table
    of ours, or with most columns narrower than a character."""
    widths = [b - a for a, b in zip(g.xs, g.xs[1:])]
    narrow = sum(w < r.char * unit for w in widths)
    return g.bbox[2] - g.bbox[0] < r.min_table * unit or 2 * narrow > len(widths)


def _within(inner: tuple[int, int, int, int], outer: tuple[int, int, int, int]) -> bool:
    return outer[0] <= inner[0] and outer[1] <= inner[1] and inner[2] <= outer[2] and inner[3] <= outer[3]


def _present(mask: np.ndarray, horizontal: bool, pos: float, a: float, b: float) -> bool:
    """Whether a ruling runs at `pos` between a and b (at least 60% of the way)."""
    p = int(round(pos))
    lo, hi = int(a), int(b)
    if hi <= lo:
        return False
    r = 4
    if horizontal:
        band = mask[max(0, p - r):p + r + 1, lo:hi]
        covered = band.any(axis=0)
    else:
        band = mask[lo:hi, max(0, p - r):p + r + 1]
        covered = band.any(axis=1)
    return covered.size > 0 and covered.mean() >= 0.6


def grid_cells(ys: list[float], xs: list[float], hmask: np.ndarray, vmask: np.ndarray, gray: np.ndarray | None = None):
    """Merged regions of the grid: for each grid position (r, c) the region's top-left position.  Two
    positions are one region where no ruling runs between them: none was kept, nor does `gray` (the page)
    show a thin line there that the binarizer lost (a faint ruling beside text, see _drawn_between)."""
    nr, nc = len(ys) - 1, len(xs) - 1
    parent = {(r, c): (r, c) for r in range(nr) for c in range(nc)}

    def find(p):
        while parent[p] != p:
            parent[p] = parent[parent[p]]
            p = parent[p]
        return p

    def union(a, b):
        ra, rb = find(a), find(b)
        if ra != rb:
            keep, drop = min(ra, rb), max(ra, rb)
            parent[drop] = keep

    def ruled(horizontal: bool, pos: float, a: float, b: float) -> bool:
        if _present(hmask if horizontal else vmask, horizontal, pos, a, b):
            return True
        return gray is not None and _drawn_between(gray if horizontal else gray.T, pos, (a, b))

    m = 5  # keep off the crossing lines
    for r in range(nr):
        for c in range(nc):
            if c + 1 < nc and not ruled(False, xs[c + 1], ys[r] + m, ys[r + 1] - m):
                union((r, c), (r, c + 1))
            if r + 1 < nr and not ruled(True, ys[r + 1], xs[c] + m, xs[c + 1] - m):
                union((r, c), (r + 1, c))
    return {p: find(p) for p in parent}


def recognize(page: np.ndarray, lines: list[cell_lines.Line], wipe: np.ndarray) -> list[tuple[str, float]]:
    """(text, confidence) of each line, recognised in batches without detection: each crop is paper
    but for its `keep` part, taken from the page with the `wipe` pixels (rulings) turned to paper."""
    import cv2

    crops = []
    for ln in lines:
        x0, top, x1, bottom = ln.crop
        crop = np.full((bottom - top, x1 - x0), 255, np.uint8)
        kx0, ktop = max(0, ln.keep[0]), max(0, ln.keep[1])
        kx1, kbottom = min(page.shape[1], ln.keep[2]), min(page.shape[0], ln.keep[3])
        if kx1 > kx0 and kbottom > ktop:
            part = page[ktop:kbottom, kx0:kx1].copy()
            part[wipe[ktop:kbottom, kx0:kx1] > 0] = 255
            crop[ktop - top:kbottom - top, kx0 - x0:kx1 - x0] = part
        crops.append(cv2.cvtColor(crop, cv2.COLOR_GRAY2BGR))
    return read_crops(crops)


def read_ruled(clean: np.ndarray, grids: list[RuledGrid]) -> tuple[list[Table], list[Box]]:
    """A page with ruled tables read line by line (extract/cell_lines.py), with no detection: each
    cell's lines, cut from inside the cell with the rulings wiped (so no text crosses into the next
    cell), and the words outside the tables."""
    import cv2

    ruled = np.zeros_like(clean)
    for g in grids:
        ruled |= g.hmask | g.vmask
    ruled = cv2.dilate(ruled, np.ones((3, 3), np.uint8))
    ink = cv2.bitwise_and(binarize(clean), cv2.bitwise_not(ruled))
    grids = [g for g in grids if not _frame(g)]
    tops, lines, height = [], [], None
    for g in grids:
        top_left = grid_cells(g.ys, g.xs, g.hmask, g.vmask, clean)
        found, height = cell_lines.find(ink, cell_lines.regions(g.ys, g.xs, top_left), SCALE)
        tops.append(top_left)
        lines.append(found)
    outside = ink.copy()
    pad = int(2 * SCALE)
    for g in grids:
        x0, top, x1, bottom = g.bbox
        outside[max(0, top - pad):bottom + pad, max(0, x0 - pad):x1 + pad] = 0
    words = cell_lines.words(outside, height or 9 * SCALE, SCALE)
    read = iter(read_lines(clean, [ln for found in lines for ln in found] + words, ruled, height or 9 * SCALE))
    tables = []
    for g, top_left, found in zip(grids, tops, lines):
        cells: dict[cell_lines.Cell, list[tuple[str, float]]] = {}
        starts: dict[cell_lines.Cell, list[float]] = {}
        for ln in found:
            text, conf = next(read)
            if text and conf >= MIN_BOX_SCORE:
                cells.setdefault(ln.cell, []).append((_slash(cell_lines.trim(text, ln), ink, ln.box), conf))
                starts.setdefault(ln.cell, []).append(ln.box[0])
        for cell, got in cells.items():
            x = starts[cell]
            for i in range(1, len(got)):
                above = "\n".join(text for text, _ in got[:i])
                got[i] = (brackets.wrapped(above, got[i][0], (x[i] - x[i - 1]) / (height or 9 * SCALE)), got[i][1])
        tables.append(_table(g, top_left, cells))
    boxes = [Box(*w.box, cell_lines.trim(text, w), conf) for w, (text, conf) in zip(words, read)
             if text and conf >= MIN_BOX_SCORE]
    return tables, boxes


# What the recogniser makes of a lone slash ('/': "not applicable" in a funds cell).
_SLASH_READINGS = set("1lI|7AΛ/\\")
_ONE_READINGS = set("lI|")


def _slash(text: str, ink: np.ndarray, box: tuple[int, int, int, int]) -> str:
    """A one-character reading that the image shows to be a slash: a thin stroke whose top quarter stands
    to the right of its bottom quarter by 0.15 of its height (a fifth from end to end; a 1 or an l stands
    upright, a 7 has a bar; a speck at an end moves one row's middle, not a quarter's); an upright stroke
    read as I, l or | is the digit 1 (a 序号, a weight)."""
    if len(text) != 1 or text not in _SLASH_READINGS:
        return text
    upright = "1" if text in _ONE_READINGS else text  # a lone Latin I or l is not written in these cells
    x0, top, x1, bottom = box
    rows = [np.flatnonzero(r) for r in ink[top:bottom, x0:x1] > 0]
    rows = [r for r in rows if r.size]
    if len(rows) < 4:
        return upright
    height = len(rows)
    thin = max(int(r[-1] - r[0]) + 1 for r in rows) <= 0.35 * height
    # the middles of its top and bottom quarters (a speck at an end moves one row's, not these)
    quarter = max(1, height // 4)
    middles = [float(r.mean()) for r in rows]
    lean = np.mean(middles[:quarter]) - np.mean(middles[-quarter:]) >= 0.15 * height
    return "/" if thin and lean else upright


def _frame(g: RuledGrid) -> bool:
    """A box (two lines each way: round the page, round a table, round a paragraph) is no table: its
    rulings are wiped with the others, and what it holds is read as if it were not there."""
    return len(g.ys) == 2 and len(g.xs) == 2


def _table(g: RuledGrid, top_left: dict, cells: dict[cell_lines.Cell, list[tuple[str, float]]]) -> Table:
    """Rows of cell texts (lines joined by '\\n', a merged cell's text in its top-left position)."""
    t = Table(g.xs[0], g.ys[0], g.xs[-1], g.ys[-1])
    for r in range(len(g.ys) - 1):
        texts, confs = [], []
        for c in range(len(g.xs) - 1):
            lines = cells.get((r, c)) if top_left[(r, c)] == (r, c) else None
            texts.append("\n".join(text for text, _ in lines) if lines else "")
            confs.append(round(min(conf for _, conf in lines), 4) if lines else None)
        if any(texts):
            t.rows.append(tuple(texts))
            t.conf.append(tuple(confs))
            t.boxes.append((g.xs[0], g.ys[r], g.xs[-1], g.ys[r + 1]))
    return t


# --------------------------------------------------------------------------------------------
# A page
# --------------------------------------------------------------------------------------------

@dataclass
class OcrPage:
    words: list[dict]          # text boxes outside ruled tables, in PDF points (pdfplumber's word keys)
    tables: list[Table]        # ruled tables, coordinates in PDF points
    status: str = "ok"         # ok, blank, unread (nothing legible)
    turned: float = 0.0        # degrees the page was turned to read it (deskew, 180 for upside down)
    boxes: int = 0
    confidence: float = 0.0    # mean over characters
    seconds: float = 0.0
    text: str = ""             # every box, one a line, top to bottom (for classifying the page)
    width: float = 0.0         # page width in points
    emitted: int = 0           # rows the PDF backend took from the page (set there)

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, d: dict) -> OcrPage:
        tables = [Table(t["x0"], t["top"], t["x1"], t["bottom"], [tuple(r) for r in t["rows"]],
                        [tuple(c) for c in t["conf"]], [tuple(b) for b in t["boxes"]]) for t in d["tables"]]
        return cls(**{**d, "tables": tables})


def render(page, dpi: int = DPI) -> np.ndarray:
    """A pypdfium2 page as a grayscale image (uint8)."""
    bitmap = page.render(scale=dpi / 72, grayscale=True)
    img = bitmap.to_numpy()
    if img.ndim == 3:
        import cv2

        img = cv2.cvtColor(img[:, :, :3], cv2.COLOR_BGR2GRAY)
    return np.ascontiguousarray(img)


class _Reading(NamedTuple):
    tables: list[Table]  # pixels
    boxes: list[Box]  # the text outside the ruled tables

    def texts(self) -> list[tuple[float, str, float]]:
        """(top, text, confidence) of every box and every table cell, top to bottom."""
        out = [(b.top, b.text, b.conf) for b in self.boxes]
        for t in self.tables:
            out += [(box[1], text, conf) for row, confs, box in zip(t.rows, t.conf, t.boxes)
                    for text, conf in zip(row, confs) if text]
        return sorted(out, key=lambda x: x[0])


def _read(gray: np.ndarray, clean: np.ndarray) -> _Reading:
    """Ruled tables cell by cell and the rest with the detector; a page without rulings (a borderless
    table, a page of text) goes to the detector whole."""
    grids = find_tables(gray)
    if all(_frame(g) for g in grids):
        return _Reading([], run_ocr(_wiped(clean, grids)))
    return _Reading(*read_ruled(clean, grids))


def _wiped(clean: np.ndarray, frames: list[RuledGrid]) -> np.ndarray:
    """The page with the rulings of its frames turned to paper: a box round the page, a paragraph or a
    few words (two lines each way) holds no ruled table, so the page is read as one without rulings,
    by the detector, which cuts text into words where the line reading of a ruled page cannot."""
    if not frames:
        return clean
    import cv2

    ruled = np.zeros_like(clean)
    for g in frames:
        ruled |= g.hmask | g.vmask
    out = clean.copy()
    out[cv2.dilate(ruled, np.ones((3, 3), np.uint8)) > 0] = 255
    return out


# A dot read right after a full-width mark: dust on the paper the mark's square leaves (。·(2)).
_DOT_AFTER_MARK = re.compile(r"(?<=[。，、；：])[·•.]+")


def drop_dust_after_marks(reading: _Reading) -> None:
    """Every text of the page without the dots read right after a full-width mark."""
    for t in reading.tables:
        t.rows = [tuple(_DOT_AFTER_MARK.sub("", c) for c in row) for row in t.rows]
    for b in reading.boxes:
        b.text = _DOT_AFTER_MARK.sub("", b.text)


# Full- and half-width forms of one mark.  A page's text prints one of them, and the recogniser reads the
# other now and then (`，` in a table printed with `,`, and the reverse): the glyphs differ by the paper
# beside them, which a crop of one line barely shows.
_MARK_FORMS = ((",", "，"), (";", "；"), (":", "："))
# The page's form: the one at least this share of its marks in text are read as, of at least MARK_MIN.
MARK_MAJORITY = 0.75
MARK_MIN = 4


def _in_text(mark: str) -> re.Pattern:
    """The mark where it stands in text: not between two digits (10,000 and 10:30 stay as read)."""
    return re.compile(rf"(?<!\d){re.escape(mark)}|{re.escape(mark)}(?!\d)")


def unify_marks(reading: _Reading) -> None:
    """Every mark of a text cell or box read in the page's form of it, where the page reads one form
    in most places (MARK_MAJORITY); cells without Chinese text (amounts, numbers) are left as read."""
    texts = [b.text for b in reading.boxes] + [c for t in reading.tables for row in t.rows for c in row]
    texts = [t for t in texts if HAN.search(t)]
    for half, full in _MARK_FORMS:
        n_half = sum(len(_in_text(half).findall(t)) for t in texts)
        n_full = sum(len(_in_text(full).findall(t)) for t in texts)
        major, minor = (half, full) if n_half >= n_full else (full, half)
        if n_half + n_full < MARK_MIN or max(n_half, n_full) < MARK_MAJORITY * (n_half + n_full):
            continue
        fix = lambda s: _in_text(minor).sub(major, s) if HAN.search(s) else s  # noqa: E731
        for t in reading.tables:
            t.rows = [tuple(fix(c) for c in row) for row in t.rows]
        for b in reading.boxes:
            b.text = fix(b.text)


def read_image(gray: np.ndarray) -> OcrPage:
    """OCR one page image (pixels at DPI) into words and ruled tables."""
    start = time.perf_counter()
    bw = binarize(gray)
    width = gray.shape[1] / SCALE
    if ink_fraction(bw) < 0.0005:
        return OcrPage([], [], status="blank", seconds=time.perf_counter() - start, width=width)
    angle = skew_angle(bw)
    if abs(angle) >= 0.1:
        gray = rotate(gray, angle)
        bw = binarize(gray)
    clean, _ = despeckle(gray, bw)
    got = _read(gray, clean)
    mean, sure = reading_quality([(text, conf) for _, text, conf in got.texts()])
    turned = angle
    if mean < POOR_CONFIDENCE or sure < 10:
        flipped = _read(np.ascontiguousarray(gray[::-1, ::-1]), np.ascontiguousarray(clean[::-1, ::-1]))
        mean2, sure2 = reading_quality([(text, conf) for _, text, conf in flipped.texts()])
        if (sure2, mean2) > (sure, mean) and mean2 >= mean:
            got, mean, sure, turned = flipped, mean2, sure2, angle + 180
    drop_dust_after_marks(got)
    unify_marks(got)
    texts = got.texts()
    page = OcrPage([], [], turned=turned, boxes=len(texts), confidence=mean, width=width,
                   text="\n".join(text for _, text, _ in texts))
    if sure == 0:
        page.status = "unread"
    for t in got.tables:
        if t.rows and sum(len(r) for r in t.rows) >= 2:
            t.x0, t.top, t.x1, t.bottom = t.x0 / SCALE, t.top / SCALE, t.x1 / SCALE, t.bottom / SCALE
            t.boxes = [(x0 / SCALE, top / SCALE, x1 / SCALE, bottom / SCALE) for x0, top, x1, bottom in t.boxes]
            page.tables.append(t)
    page.words = [{"x0": b.x0 / SCALE, "x1": b.x1 / SCALE, "top": b.top / SCALE, "bottom": b.bottom / SCALE,
                   "text": b.text, "conf": b.conf} for b in got.boxes]
    page.seconds = time.perf_counter() - start
    return page


def read_page(page) -> OcrPage:
    """OCR a pypdfium2 page (see read_image)."""
    return read_image(render(page))

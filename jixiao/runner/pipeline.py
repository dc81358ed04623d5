"""One input file through the three stages: extract → normalize → rules, as rows of the dataset."""
from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from jixiao import extract
from jixiao.core.config import Catalogue
from jixiao.core.grid import ExtractError
from jixiao.core.schema import TABLES, Record, bbox_columns, row
from jixiao.core.settings import Settings, active, defaults
from jixiao.normalize.layout import read_tables
from jixiao.normalize.records import Project, build
from jixiao.rules.engine import Engine
from jixiao.runner import archive


@dataclass(slots=True)
class FileResult:
    document: Record
    projects: list[Record] = field(default_factory=list)
    funds: list[Record] = field(default_factory=list)
    indicators: list[Record] = field(default_factory=list)
    flags: list[Record] = field(default_factory=list)

    def rows(self, table: str) -> list[Record]:
        return [self.document] if table == "documents" else getattr(self, table)

    def to_json(self) -> dict[str, Any]:
        return {t: self.rows(t) for t in TABLES}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> FileResult:
        return cls(d["documents"][0], d["projects"], d["funds"], d["indicators"], d["flags"])

    def renamed(self, source: str) -> FileResult:
        """The same result for the same bytes found under another name."""
        for record in (self.document, *self.projects):
            record["source_file"] = source
        return self


def file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with archive.open_member(path) as f:  # a plain file, or a member of an archive (a.zip!b.pdf)
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def one_line(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if isinstance(error, ExtractError) else f"internal error ({type(error).__name__}): {text}"


@lru_cache(maxsize=16)
def engine(catalogue: Catalogue, scheme: str | None) -> Engine:
    """The rules of a catalogue and scheme, built once (a catalogue never changes once read)."""
    return Engine(scheme, catalogue)


def process_file(path: Path, source: str, settings: Settings | None = None, digest: str | None = None) -> FileResult:
    """One file through the stages with `settings` (the defaults: bundled catalogues and scheme).
    Never raises for a bad file: the reason goes into the documents row and the batch goes on.
    `digest`: the file's SHA-256 when the caller has computed it already."""
    settings = settings or defaults()
    with active(settings):
        return _process(path, source, settings, digest)


def _process(path: Path, source: str, settings: Settings, digest: str | None) -> FileResult:
    if archive.split(path) and not path.exists():
        return _process_member(path, source, settings, digest)
    start = time.perf_counter()
    kind = extract.file_type(path)
    doc = document_row(source, kind)
    result = FileResult(doc)
    try:
        if not path.is_file():
            raise ExtractError("no such file" if not path.exists() else "not a regular file")
        try:
            doc["doc_id"] = (digest or file_digest(path))[:16]
        except OSError as e:
            raise ExtractError(f"cannot read file: {e.strerror or e}") from None
        if kind in archive.KINDS:
            archive.read_archive(path, kind, extract.SUPPORTED)
        grid = extract.read(path, kind)
        doc.update(pages=grid.pages, method=grid.method, encoding=grid.encoding,
                   notes="; ".join(grid.notes) or None)
        projects = [build(n, t) for n, t in enumerate(read_tables(grid), start=1)]
        rules = engine(settings.catalogue, settings.scheme)
        for p in projects:
            _add_project(result, p, doc["doc_id"], source, rules)
        doc["projects"] = len(projects)
        doc["status"] = "ok" if projects else "no_tables"
    except Exception as e:  # noqa: BLE001 - one broken file must never stop a batch
        doc["status"], doc["error"] = "error", one_line(e)
    doc["seconds"] = round(time.perf_counter() - start, 4)
    return result


def _process_member(path: Path, source: str, settings: Settings, digest: str | None) -> FileResult:
    """An archive member (a.zip!dir/b.pdf), unpacked to a temp file and read like any file."""
    try:
        with archive.unpacked(path) as member:
            return _process(member, source, settings, digest)
    except Exception as e:  # noqa: BLE001 - an encrypted or damaged member is its own error row
        return FileResult(document_row(source, path.suffix.lstrip(".").lower() or None, error=one_line(e)))


def document_row(source: str, file_type: str | None, **values: Any) -> Record:
    """The documents row of one input; status `error` until a reader says otherwise."""
    return row("documents", source_file=source, file_type=file_type, status="error", projects=0, **values)


def _add_project(result: FileResult, p: Project, doc_id: str, source: str, engine: Engine) -> None:
    pid = f"{doc_id}-{p.n:03d}"
    result.projects.append(row(
        "projects", project_id=pid, doc_id=doc_id, source_file=source, page_first=p.page_first,
        page_last=p.page_last, form=p.form, form_kind=p.form_kind, year=p.year, project_name=p.project_name, department=p.department,
        implementing_unit=p.implementing_unit, province=p.province, city=p.city, district=p.district,
        adcode=p.adcode, goal_expected=p.goal_expected, goal_actual=p.goal_actual, goal_rate=p.goal_rate, total_weight=p.total_weight,
        total_score=p.total_score, grade=p.grade, money_unit=p.money_unit, **bbox_columns(p.bbox)))
    for f in p.funds:
        result.funds.append(row(
            "funds", project_id=pid, line=f.line, initial_budget=f.initial_budget,
            full_year_budget=f.full_year_budget, executed=f.executed, weight=f.weight,
            execution_rate=f.execution_rate, score=f.score, received=f.received, deviation_reason=f.deviation_reason))
    for i in p.indicators:
        t, a = i.target, i.actual
        result.indicators.append(row(
            "indicators", project_id=pid, seq=i.seq, page=i.page, level1=i.level1, level2=i.level2,
            level3=i.level3, target_raw=i.target_raw, target_kind=t.kind, target_op=t.op, target_value=t.value,
            target_value_max=t.value_max, target_unit=t.unit, target_base_value=t.base_value,
            target_base_unit=t.base_unit, actual_raw=i.actual_raw, actual_kind=a.kind, actual_value=a.value,
            actual_unit=a.unit, actual_base_value=i.actual_base_value, actual_base_unit=i.actual_base_unit,
            achievement=i.achievement, weight=i.weight, score=i.score, deviation_reason=i.deviation_reason,
            level1_points=i.level1_points, level2_points=i.level2_points, target_initial_raw=i.target_initial_raw,
            completion=i.completion, weight_share=i.weight_share, weighted_score=i.weighted_score,
            score_ratio=i.score_ratio, core=i.core, criteria=i.criteria,
            **bbox_columns(i.bbox)))
    for fl in engine.check(p):
        result.flags.append(row(
            "flags", project_id=pid, seq=fl.seq, rule_id=fl.rule_id, severity=fl.severity, message=fl.message,
            expected=fl.expected, observed=fl.observed))

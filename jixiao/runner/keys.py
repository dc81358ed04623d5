"""Distinct keys for the same bytes under two names.

SCHEMA.md makes doc_id the first 16 hex of the file's SHA-256 and project_id `{doc_id}-{n:03d}`, so
two copies of one file would share every id and joins would fan out.  The first copy in input order
keeps the SHA-256 doc_id; the k-th copy (k = 2, 3, …) gets doc_id = the first 16 hex of
SHA-256("{doc_id}#{k}"), its project ids follow from it, and documents.notes says which file it
repeats.  Done on the client in input order, so the ids do not depend on workers, cache or executor.
"""
from __future__ import annotations

import hashlib
from collections import Counter

from jixiao.runner.pipeline import FileResult


class DocIds:
    def __init__(self) -> None:
        self.seen: Counter[str] = Counter()
        self.first: dict[str, str] = {}  # doc_id → source_file of its first copy

    def assign(self, result: FileResult) -> FileResult:
        doc = result.document
        doc_id = doc["doc_id"]
        if doc_id is None:
            return result
        self.seen[doc_id] += 1
        k = self.seen[doc_id]
        if k == 1:
            self.first[doc_id] = doc["source_file"]
            return result
        new = hashlib.sha256(f"{doc_id}#{k}".encode()).hexdigest()[:16]
        note = f"same content as {self.first[doc_id]} (doc_id {doc_id})"
        doc["doc_id"], doc["notes"] = new, "; ".join(filter(None, [doc["notes"], note]))
        for p in result.projects:
            p["doc_id"] = new
        for table in ("projects", "funds", "indicators", "flags"):
            for r in getattr(result, table):
                r["project_id"] = new + r["project_id"][len(doc_id):]
        return result

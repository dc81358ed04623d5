"""Build a stress corpus for `make bench`: the fixtures (good and broken) and ../shared/corpus/real,
copied under new names until there are N files.  Each copy gets a few unique trailing bytes (a text
line after the tables, a comment after a PDF's %%EOF), so that every file has its own SHA-256 and
the result cache cannot short-cut the measurement.

usage: python bench/make_corpus.py OUT_DIR [N]
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "corpus" / "real"


def sources() -> list[Path]:
    found = [p for p in sorted((ROOT / "fixtures").rglob("*")) if p.suffix.lower() in (".txt", ".html", ".pdf")
             and p.is_file() and p.parent.name != "scan"]
    return found + (sorted(REAL.glob("*.pdf")) if REAL.is_dir() else [])


def build(out: Path, n: int) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    src = sources()
    made = []
    for i in range(n):
        s = src[i % len(src)]
        data = s.read_bytes()
        tag = f"copy {i:05d} of {s.name}"
        if s.suffix.lower() == ".pdf":
            data += f"\n% {tag}\n".encode()
        elif s.stat().st_size:
            data += f"\n{tag}\n".encode("gb18030" if b"\xef\xbb\xbf" not in data[:3] and _gbk(data) else "utf-8")
        path = out / f"{i:05d}_{s.name}"
        path.write_bytes(data)
        made.append(path)
    return made


def _gbk(data: bytes) -> bool:
    try:
        data.decode("utf-8")
        return False
    except UnicodeDecodeError:
        return True


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    files = build(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 500)
    print(f"{len(files)} files in {sys.argv[1]}")

"""Shared by the benchmark scripts: the machine description and writing a section of docs/benchmarks.md.

Each benchmark owns one section of ``docs/benchmarks.md``, between ``<!-- begin:NAME -->`` and
``<!-- end:NAME -->``; re-running a benchmark replaces only its own section.
"""

from __future__ import annotations

import os
import platform
import re
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"
HEADER = "# Benchmarks\n\nEvery table here is written by a script under `benchmarks/`; rerun it to reproduce.\n"


def machine() -> str:
    """One paragraph describing the machine, Python and the key package versions."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(re.findall(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())[0])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, IndexError):
        pass
    versions = []
    for pkg in ("pyoxigraph", "rdflib", "fastapi", "uvicorn", "networkx", "pyvis"):
        try:
            versions.append(f"{pkg} {metadata.version(pkg)}")
        except metadata.PackageNotFoundError:
            continue
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                cwd=DOC.parent, check=False).stdout.strip()
    except OSError:
        commit = ""
    return (f"Machine: {cpu}, {os.cpu_count()} cores{mem}; {platform.system()} {platform.release()}; "
            f"Python {sys.version.split()[0]}; {', '.join(versions)}; commit {commit or '?'}; "
            f"run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.")


def table(headers: list[str], rows: list[list[object]]) -> str:
    """A Markdown table."""
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(out)


def write_section(name: str, title: str, body: str) -> None:
    """Replace (or add) the section ``name`` of docs/benchmarks.md with ``title``, the machine and ``body``."""
    DOC.parent.mkdir(parents=True, exist_ok=True)
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else HEADER
    block = f"<!-- begin:{name} -->\n## {title}\n\n{machine()}\n\n{body.strip()}\n<!-- end:{name} -->"
    pattern = re.compile(rf"<!-- begin:{re.escape(name)} -->.*?<!-- end:{re.escape(name)} -->", re.S)
    text = pattern.sub(lambda _m: block, text) if pattern.search(text) else text.rstrip() + "\n\n" + block + "\n"
    DOC.write_text(text, encoding="utf-8")

"""Badge benchmark: how long 1,000 badges take on A4 sheets, and how much memory they need.

It prints figures; nothing passes or fails on speed, and it always exits 0 once it has run.
The badges are drawn by ``forum.badges.sheets.write_badges`` (no database) into a temporary
file, with names, places and QR codes like real ones (a fresh 160-bit code per badge).

- time: the median of ``--runs`` renderings, measured with ``time.perf_counter``;
- tracemalloc peak: the most Python memory held at once during one more rendering (traced
  separately, since tracing slows Python down), also for a quarter of the badges, to show
  how memory grows with the count;
- maxrss: the process's peak resident size (``resource.getrusage``), all runs included.

Usage, from the repository root::

    .venv/bin/python bench/badges.py
    .venv/bin/python bench/badges.py --count 4000 --layout card --runs 1
"""

from __future__ import annotations

import argparse
import platform
import resource
import secrets
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # `config` lives at the root

from forum.badges.sheets import LAYOUTS, BadgeFace, write_badges

TIME_TARGET_S = 5.0  # for 1,000 badges; scaled for other counts
MEMORY_TARGET_MB = 200.0
NAMES = (
    ("Valérie Plante", "Montréal", "Canada"),
    ("Hanna Zdanowska", "Łódź", "Poland"),
    ("Nguyễn Thị Hương", "Hà Nội", "Viet Nam"),
    ("Mehmet Ağrılı", "Ağrı", "Türkiye"),
    ("Corine Mauch", "Zürich", "Switzerland"),
    ("Maria Fernanda Espinosa Garcés de la Torre", "São Paulo", "Brazil"),
    ("عبد الرحمن العلمي", "مراكش", "المغرب"),  # shaped by HarfBuzz, right to left
)


def faces(count: int) -> Iterator[BadgeFace]:
    """``count`` badge faces, made as they are drawn (as the database batches would be)."""
    for n in range(count):
        name, city, country = NAMES[n % len(NAMES)]
        yield BadgeFace(
            name=name,
            position="Mayor of the Metropolitan Municipality",
            city=city,
            country=country,
            category_label="Mayor",
            category_colour="#1F4E79",
            edition_label="Mayoral Forum · Marrakech 2018",
            qr_text=f"MAYORS5:{secrets.token_urlsafe(20)}",
        )


def render(count: int, layout: str, folder: Path) -> tuple[float, int]:
    """(seconds, bytes written) for one rendering of ``count`` badges."""
    path = folder / f"badges-{layout}-{count}.pdf"
    started = time.perf_counter()
    with path.open("wb") as out:
        write_badges(faces(count), out, layout)
    return time.perf_counter() - started, path.stat().st_size


def traced_peak_mb(count: int, layout: str, folder: Path) -> float:
    """The tracemalloc peak, in MB, of one rendering."""
    tracemalloc.start()
    try:
        render(count, layout, folder)
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def maxrss_mb() -> float:
    """The process's peak resident set size in MB (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1e6 if sys.platform == "darwin" else peak * 1024 / 1e6


def verdict(value: float, target: float) -> str:
    """How a figure compares with its target."""
    return "within target" if value <= target else "OVER TARGET"


@dataclass(frozen=True)
class Figures:
    """What one benchmark run measured."""

    count: int
    runs: int
    seconds: float
    size_mb: float
    peak_mb: float
    quarter_peak_mb: float
    rss_mb: float


def measure(count: int, layout: str, runs: int) -> Figures:
    """Time ``runs`` renderings, then trace the memory of two more."""
    with tempfile.TemporaryDirectory(prefix="forum-bench-badges-") as tmp:
        folder = Path(tmp)
        render(8, layout, folder)  # warm-up: fonts loaded, code paths compiled
        timings = [render(count, layout, folder) for _ in range(runs)]
        quarter = traced_peak_mb(max(count // 4, 1), layout, folder)
        peak = traced_peak_mb(count, layout, folder)
    return Figures(
        count=count,
        runs=runs,
        seconds=statistics.median(seconds for seconds, _ in timings),
        size_mb=timings[0][1] / 1e6,
        peak_mb=peak,
        quarter_peak_mb=quarter,
        rss_mb=maxrss_mb(),
    )


def report(figures: Figures) -> None:
    """Print the figures against their targets."""
    target = TIME_TARGET_S * figures.count / 1000
    per_badge_ms = figures.seconds / figures.count * 1000
    memory = max(figures.rss_mb, figures.peak_mb)
    print(
        f"  time              {figures.seconds:8.2f} s   ({per_badge_ms:.2f} ms a badge,"
        f" median of {figures.runs})  target <= {target:.1f} s:"
        f" {verdict(figures.seconds, target)}"
    )
    print(f"  file              {figures.size_mb:8.2f} MB")
    print(
        f"  tracemalloc peak  {figures.peak_mb:8.1f} MB  (for {max(figures.count // 4, 1)}"
        f" badges: {figures.quarter_peak_mb:.1f} MB)"
    )
    print(
        f"  maxrss            {figures.rss_mb:8.1f} MB  target <= {MEMORY_TARGET_MB:.0f} MB:"
        f" {verdict(memory, MEMORY_TARGET_MB)}"
    )


def main() -> int:
    """Parse the options, measure, print; always 0 once it has run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000, help="badges to draw")
    parser.add_argument("--layout", choices=sorted(LAYOUTS), default="a4")
    parser.add_argument("--runs", type=int, default=3, help="timed renderings")
    args = parser.parse_args()
    print(f"Badges: {args.count} on layout {args.layout}; Python {platform.python_version()}")
    report(measure(args.count, args.layout, args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())

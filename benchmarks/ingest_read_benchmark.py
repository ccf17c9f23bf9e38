"""Time the pure ingest pipeline (read, map, clean, fingerprint) on a generated CSV.

Run: ``.venv/bin/python benchmarks/ingest_read_benchmark.py [ROWS]`` (default 1,000,000).
The file is generated in a temporary directory and removed afterwards. Prints the file size,
seconds per stage, wall and CPU seconds (CPU time is steadier on a shared machine) and the
process's peak resident memory (which includes generating the file).
"""

from __future__ import annotations

import datetime as dt
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from autosales.ingest import run_pipeline

MAKES = ["Toyota", "Volkswagen", "Ford", "BMW", "Kia", "Hyundai", "Skoda", "Volvo", "Tesla"]
REGIONS = ["North", "South", "East", "West", "Central", "Coast"]


def generate_csv(rows: int, path: Path, seed: int = 1) -> None:
    """Write a dealer-like CSV: day-first dates, 9 makes, 90 models, prices in cents."""
    generator = np.random.default_rng(seed)
    days = generator.integers(0, 5 * 365, rows)
    dates = pd.Timestamp("2019-01-01") + pd.to_timedelta(days, unit="D")
    make_index = generator.integers(0, len(MAKES), rows)
    frame = pd.DataFrame(
        {
            "Sale Date": dates.strftime("%d/%m/%Y"),
            "Make": np.array(MAKES)[make_index],
            "Model": [f"M{i}" for i in make_index * 10 + generator.integers(0, 10, rows)],
            "Region": np.array(REGIONS)[generator.integers(0, len(REGIONS), rows)],
            "Qty": generator.integers(1, 4, rows),
            "Price": (generator.integers(1_000_000, 8_000_000, rows) / 100).round(2),
        }
    )
    frame.to_csv(path, index=False, float_format="%.2f")


def main(rows: int) -> None:
    """Generate, import and print the figures."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sales.csv"
        started = time.perf_counter()
        generate_csv(rows, path)
        print(f"generated {rows:,} rows, {path.stat().st_size / 1e6:.1f} MB "
              f"in {time.perf_counter() - started:.1f} s")  # fmt: skip
        data = path.read_bytes()
    stages: list[tuple[float, str]] = []
    started, cpu_started = time.perf_counter(), time.process_time()
    result = run_pipeline(
        data,
        today=dt.date(2025, 1, 1),
        progress=lambda _, stage: stages.append((time.perf_counter() - started, stage)),
    )
    total, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    for (at, stage), (until, _) in zip(stages, [*stages[1:], (total, "")], strict=True):
        print(f"  {stage:<20} {until - at:6.2f} s")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report = result.report
    print(f"pipeline: {total:.2f} s wall, {cpu:.2f} s CPU, {report.rows_clean:,} clean rows, "
          f"{report.duplicates_in_file:,} duplicates, peak RSS {peak_mb:.0f} MB")  # fmt: skip


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)

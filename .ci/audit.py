"""Known vulnerabilities in requirements.lock, via pip-audit (PyPI advisory data).

Fails on any finding not accepted in audit-known.txt. Where the advisory service cannot be
reached (air-gapped mirrors serve packages, not advisories), it says that plainly and does not
pretend the lock is clean.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    known = {
        line.split()[0]
        for line in (ROOT / "audit-known.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    result = subprocess.run(
        [str(Path(sys.executable).with_name("pip-audit")), "-r", str(ROOT / "requirements.lock"),
         "--no-deps", "--disable-pip", "--progress-spinner", "off", "-f", "json"],
        capture_output=True, text=True,
    )  # fmt: skip
    try:
        report = json.loads(result.stdout)
    except ValueError:
        print(f"audit: pip-audit did not run ({result.stderr.strip()[-300:]})")
        return 1
    deps = report.get("dependencies", [])
    skipped = [d for d in deps if d.get("skip_reason")]
    findings = [
        (d["name"], d["version"], v["id"])
        for d in deps
        for v in d.get("vulns", [])
        if v["id"] not in known and not set(v.get("aliases", [])) & known
    ]
    for name, version, vuln in findings:
        print(f"audit: {name}=={version}: {vuln}")
    audited = len(deps) - len(skipped)
    print(f"audit: {audited} of {len(deps)} locked packages checked, {len(findings)} new findings")
    if skipped and not audited:
        print("audit: WARNING — the advisory service was unreachable; nothing was audited")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())

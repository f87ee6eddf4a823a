"""The installed package is the service, not its test and benchmark tools."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_wheel_ships_the_service_with_its_data_and_without_benchmarks(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("permit_intake-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    top = {name.split("/")[0] for name in names if "/" in name and ".dist-info" not in name}
    assert top == {"intake", "quality", "ocr", "storage", "workers"}
    assert "intake/thresholds.toml" in names
    assert "storage/states.py" in names and "intake/assemble.py" in names
    assert "storage/migrations/env.py" in names
    assert any(n.startswith("storage/migrations/versions/0001_") for n in names)
    assert not any(n.startswith(("benchmarks/", "tests/")) for n in names)

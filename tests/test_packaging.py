"""resources/ ships inside the wheel, and an installed copy finds its default library there."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (built,) = out.glob("quickreply-*.whl")
    return built


def test_wheel_contains_resources_and_entry_point(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "quickreply/resources/packs/default.qrpack.json" in names
    assert "quickreply/core/store.py" in names
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "quickreply = quickreply.cli:main" in zipfile.ZipFile(wheel).read(entry).decode()


def test_installed_copy_reads_default_pack_from_inside_the_package(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from quickreply.core import defaults; print(defaults.default_pack_path())"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(target)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        check=True,
    )
    found = Path(done.stdout.strip())
    assert found.is_file()
    assert found.is_relative_to(target / "quickreply" / "resources")

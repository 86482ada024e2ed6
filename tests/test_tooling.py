"""`make test` installs what a fresh machine lacks, instead of skipping the tests that need it."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "tools" / "ensure-system-packages"


def _run(**env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT)],
        env={**os.environ, "FORUM_SYSTEM_PACKAGES_DRY_RUN": "1", **env},
        capture_output=True,
        text=True,
        check=True,
    )


def test_a_machine_without_chromium_gets_it_from_apt():
    result = _run(FORUM_CHROMIUM="/nonexistent/chromium")
    assert result.stdout.strip() == "would run: apt-get update && apt-get install -y chromium"


def test_a_machine_without_node_gets_nodejs_and_npm(tmp_path):
    # A PATH holding only the shell tools the script itself uses: no node, no npm.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("bash", "id", "sudo"):
        for folder in ("/usr/bin", "/bin"):
            if Path(folder, tool).exists():
                (bin_dir / tool).symlink_to(Path(folder, tool))
                break
    result = _run(PATH=str(bin_dir), FORUM_CHROMIUM=str(Path("/bin/sh")))
    assert result.stdout.strip() == "would run: apt-get update && apt-get install -y nodejs npm"


def test_a_machine_with_everything_installs_nothing():
    result = _run(FORUM_CHROMIUM="/bin/sh")
    assert result.stdout == ""


def test_make_test_installs_system_packages_before_running_the_suite():
    plan = subprocess.run(
        ["make", "-n", "test"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    ensure = next(i for i, line in enumerate(plan) if "tools/ensure-system-packages" in line)
    pytest_line = next(i for i, line in enumerate(plan) if "-m pytest" in line)
    assert ensure < pytest_line

"""The wheel carries the bundled knowledge, and an installed wheel finds it."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from support import ROOT

pytestmark = pytest.mark.slow


def test_installed_wheel_finds_its_bundled_knowledge(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(wheels), str(ROOT)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert build.returncode == 0, build.stderr
    (wheel,) = wheels.glob("article_qa-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "article_qa/bundled/mpr-sex-trafficking-convictions.md" in names

    site = tmp_path / "site"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site),
         str(wheel)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert install.returncode == 0, install.stderr
    script = (
        "from article_qa import Bot\n"
        "from article_qa.knowledge.sources import bundled_knowledge_dir\n"
        "print(bundled_knowledge_dir())\n"
        "print(Bot.load().ask('how many girls were being helped?').text)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "ARTICLE_QA_KNOWLEDGE"}
    env["PYTHONPATH"] = str(site)
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=tmp_path,
        timeout=60,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    location, answer = run.stdout.splitlines()
    assert Path(location) == site / "article_qa" / "bundled"
    assert answer == "80"

"""The Flatpak manifest, which cannot be built here: valid YAML, the app's id, only the
permissions it needs, and the same Python packages as uv.lock."""

import json
import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from bedtime import paths

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "packaging" / f"{paths.APP_ID}.yml"
# Qt and PySide6 come from the PySide base app; Windows-only packages are not needed.
FROM_BASE_APP = {"pyside6-essentials"}


def manifest() -> dict[str, Any]:
    loaded = yaml.safe_load(MANIFEST.read_text())
    assert isinstance(loaded, dict)
    return loaded


def module(name: str) -> dict[str, Any]:
    found = [m for m in manifest()["modules"] if isinstance(m, dict) and m["name"] == name]
    assert len(found) == 1, f"one module named {name}"
    return found[0]


def test_the_manifest_names_the_app_id_and_the_command() -> None:
    loaded = manifest()
    assert loaded["id"] == paths.APP_ID
    assert loaded["command"] == "bedtime"
    # Quoted in YAML, or 6.10 would be read as the number 6.1.
    assert loaded["runtime-version"] == loaded["base-version"] == "6.10"
    assert loaded["runtime"] == "org.kde.Platform"
    assert loaded["base"] == "io.qt.PySide.BaseApp"


@pytest.mark.skipif(
    shutil.which("flatpak-builder") is None,
    reason="needs flatpak-builder (apt-get install flatpak-builder)",
)
def test_flatpak_builder_reads_the_manifest_without_a_complaint(tmp_path: Path) -> None:
    # It only warns about a misspelt or misplaced key, so any output on stderr is a failure.
    # Its state folder (.flatpak-builder) goes into the working folder: a temporary one.
    done = subprocess.run(
        ["flatpak-builder", "--show-manifest", str(MANIFEST)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == ""
    assert json.loads(done.stdout)["id"] == paths.APP_ID


def test_the_sandbox_gets_only_the_display_notifications_and_the_tray() -> None:
    assert sorted(manifest()["finish-args"]) == sorted(
        [
            "--socket=wayland",
            "--socket=fallback-x11",
            "--share=ipc",
            "--talk-name=org.freedesktop.Notifications",
            "--talk-name=org.kde.StatusNotifierWatcher",
        ]
    )


def locked_runtime_wheels() -> dict[str, str]:
    """URL → sha256 of the wheel of each package Bedtime needs on Linux, as uv.lock has it."""
    lock = tomllib.loads((ROOT / "uv.lock").read_text())
    packages = {p["name"]: p for p in lock["package"]}
    needed: set[str] = set()
    todo = ["bedtime"]
    while todo:
        for dependency in packages[todo.pop()].get("dependencies", []):
            name = dependency["name"]
            if name in FROM_BASE_APP or "win32" in dependency.get("marker", ""):
                continue
            if name not in needed:
                needed.add(name)
                todo.append(name)
    wheels = {}
    for name in needed:
        (wheel,) = [w for w in packages[name]["wheels"] if w["url"].endswith("-py3-none-any.whl")]
        wheels[wheel["url"]] = wheel["hash"].removeprefix("sha256:")
    return wheels


def test_the_python_packages_are_the_locked_versions() -> None:
    sources = module("python3-dependencies")["sources"]
    in_manifest = {s["url"]: s["sha256"] for s in sources}
    assert in_manifest == locked_runtime_wheels(), (
        "packaging/org.bedtime.Bedtime.yml's python3-dependencies must list the wheels "
        "that uv.lock pins (url and sha256)"
    )


def test_the_files_the_manifest_installs_are_in_the_checkout() -> None:
    commands = " ".join(module("bedtime")["build-commands"]).replace("${FLATPAK_ID}", paths.APP_ID)
    shipped = [word for word in commands.split() if word.startswith(("resources/", "LICENSE"))]
    assert len(shipped) == 4, shipped  # entry, metainfo, icon theme, licence
    for path in shipped:
        assert (ROOT / path).exists(), f"{path} is installed by the manifest but missing"

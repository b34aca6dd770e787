"""The installers' recipes that cannot run here are at least consistent with the repository.

The release workflow runs on GitHub's Windows and macOS runners, not on this
machine: these tests read it (PyYAML) and check that every job builds from the
one shared spec and that every file a step names exists. The slow check that
builds and installs the Linux packages is packaging/check_bundle.sh (CI runs it
after this suite).
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
WORKFLOW = REPO / ".github" / "workflows" / "release.yml"
SPEC = "packaging/pyinstaller/companion.spec"
#: Paths the steps write or that the build makes (not in the repository).
GENERATED = ("build/", "dist/", "/c/Program Files")


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def run_lines(job: dict) -> list[str]:
    return [line for step in job["steps"] if "run" in step for line in step["run"].splitlines()]


def test_workflow_has_a_job_per_platform_on_its_runner() -> None:
    jobs = workflow()["jobs"]
    assert {name: job["runs-on"] for name, job in jobs.items()} == {
        "linux": "ubuntu-latest",
        "windows": "windows-latest",
        "macos": "macos-latest",
    }
    for job in jobs.values():
        for step in job["steps"]:
            assert ("run" in step) != ("uses" in step), step
            if "uses" in step:
                assert re.fullmatch(r"actions/[a-z-]+@v\d+", step["uses"]), step["uses"]


def test_every_file_a_step_names_exists() -> None:
    named = set()
    for job in workflow()["jobs"].values():
        for line in run_lines(job):
            for word in shlex.split(line, posix=True, comments=True):
                for token in re.split(r"[=\s]", word):
                    looks_like_repo_path = re.match(r"^(packaging|resources|companion)/", token)
                    in_repo = looks_like_repo_path and not token.startswith(GENERATED)
                    if in_repo or token == "LICENSE":
                        named.add(token)
    assert SPEC in named
    assert "packaging/check_bundle.sh" in named
    assert "packaging/windows/companion.nsi" in named
    assert "packaging/macos/make_dmg.sh" in named
    missing = sorted(path for path in named if not (REPO / path).exists())
    assert missing == []


def test_every_platform_builds_from_the_one_spec() -> None:
    jobs = workflow()["jobs"]
    for name in ("windows", "macos"):
        builds = [line for line in run_lines(jobs[name]) if line.startswith("pyinstaller ")]
        assert len(builds) == 1 and builds[0].endswith(SPEC), (name, builds)
    linux_build = (REPO / "packaging" / "linux" / "build.sh").read_text(encoding="utf-8")
    assert SPEC in linux_build
    assert "packaging/linux/build.sh" in (REPO / "Makefile").read_text(encoding="utf-8")


def test_the_windows_installer_is_per_user() -> None:
    script = (REPO / "packaging" / "windows" / "companion.nsi").read_text(encoding="utf-8")
    assert "RequestExecutionLevel user" in script
    assert 'InstallDir "$LOCALAPPDATA\\Programs\\' in script
    assert "HKLM" not in script
    assert 'WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString"' in script
    assert 'CreateShortcut "$SMPROGRAMS\\' in script


def test_every_apt_get_waits_for_a_held_lock() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    calls = re.findall(r"apt-get (?:-o \S+ )?(?:update|install)[^\n;&]*", makefile)
    assert calls
    assert all("DPkg::Lock::Timeout=120" in call for call in calls), calls
    assert "waiting up to 2 minutes" in makefile


def test_desktop_entry_starts_the_command_with_the_installed_icon() -> None:
    entry = (REPO / "packaging" / "linux" / "dk.kkr.Companion.desktop").read_text("utf-8")
    assert "\nExec=companion %F\n" in entry
    assert "\nIcon=dk.kkr.Companion\n" in entry
    deb = (REPO / "packaging" / "linux" / "make_deb.sh").read_text(encoding="utf-8")
    assert "hicolor/scalable/apps/dk.kkr.Companion.svg" in deb
    assert "usr/share/doc/$package/copyright" in deb


def test_every_python_package_is_listed_in_pyproject() -> None:
    """A package left out of [tool.setuptools] packages is missing from the wheel and bundle."""
    import tomllib

    root = Path(__file__).resolve().parents[2]
    listed = set(
        tomllib.loads((root / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"][
            "packages"
        ]
    )
    found = {
        ".".join(init.parent.relative_to(root).parts)
        for init in (root / "companion").rglob("__init__.py")
    }
    assert found - listed == set()

"""The Debian packages a PyInstaller bundle needs from the system (its .deb's Depends).

Like dpkg-shlibdeps, without a debian/ tree: every ELF file in the bundle is
read with ldd; a library resolved outside the bundle is looked up with
``dpkg -S``; one this build machine lacks (Qt's Wayland plugins need
libwayland-cursor0, a desktop has it) is named from the table below.

    python3 packaging/linux/deb_depends.py BUNDLE_DIR   ->  libc6, libegl1, ...
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

#: Libraries the bundle may need that a build machine without a desktop lacks.
NOT_ON_BUILD_MACHINE = {
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
    "libgtk-3.so.0": "",  # only Qt's GTK theme plugin, which the spec leaves out
}


def elf_files(bundle: Path) -> list[Path]:
    """The bundle's executables and shared libraries (not its symlinks)."""
    found = []
    for path in sorted(bundle.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as handle:
                if handle.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def system_libraries(bundle: Path) -> tuple[set[str], set[str]]:
    """(paths of system libraries used, sonames not found) over the bundle's ELF files."""
    used: set[str] = set()
    missing: set[str] = set()
    inside = str(bundle.resolve())
    for path in elf_files(bundle):
        result = subprocess.run(["ldd", str(path)], capture_output=True, text=True, check=False)
        for line in result.stdout.splitlines():
            parts = line.split()
            if "=>" in parts and parts[-1] != "found":
                target = parts[parts.index("=>") + 1]
                if target.startswith("/") and not str(Path(target).resolve()).startswith(inside):
                    used.add(target)
            elif line.strip().endswith("=> not found"):
                missing.add(parts[0])
    return used, missing


def owning_package(library: str) -> str:
    """The Debian package that installed ``library`` (merged /usr: both spellings)."""
    resolved = str(Path(library).resolve())
    candidates = {library, resolved}
    for path in list(candidates):
        if path.startswith("/usr/lib/"):
            candidates.add(path.removeprefix("/usr"))
        elif path.startswith("/lib"):
            candidates.add("/usr" + path)
    for path in sorted(candidates):
        result = subprocess.run(["dpkg", "-S", path], capture_output=True, text=True, check=False)
        if result.returncode == 0:
            return result.stdout.split(":")[0].strip()
    raise SystemExit(f"deb_depends: no Debian package owns {library}")


def depends(bundle: Path) -> list[str]:
    """The sorted package names for the Depends field."""
    used, missing = system_libraries(bundle)
    # PyInstaller's launcher puts the bundle's own folder first on the library path,
    # so a library it carries is taken from there, whatever ldd finds outside.
    carried = bundle_sonames(bundle)
    packages = {owning_package(library) for library in used if Path(library).name not in carried}
    for soname in missing - carried:
        if soname not in NOT_ON_BUILD_MACHINE:
            raise SystemExit(f"deb_depends: {soname} is needed, missing here and not in the table")
        if NOT_ON_BUILD_MACHINE[soname]:
            packages.add(NOT_ON_BUILD_MACHINE[soname])
    return sorted(packages)


def bundle_sonames(bundle: Path) -> set[str]:
    """The file names of the libraries the bundle carries."""
    return {path.name for path in bundle.rglob("*.so*")}


if __name__ == "__main__":
    print(", ".join(depends(Path(sys.argv[1]))))

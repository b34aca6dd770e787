#!/usr/bin/env bash
# Build the Linux installers from this checkout (`make dist` runs this):
#   dist/kkr_companion-VERSION-py3-none-any.whl     the wheel (pip / pipx route)
#   dist/kkr-companion_VERSION_ARCH.deb             the bundle as a Debian package
#   dist/kkr-companion-VERSION-linux-MACHINE.tar.gz the bundle as a folder to unpack
# The bundle (build/pyinstaller/dist/companion) is PyInstaller's one-folder build of
# the wheel, made in its own venv (build/dist-venv, kept between builds: only a
# changed pyproject.toml rebuilds it), so nothing of a development venv goes in.
set -euo pipefail
cd "$(dirname "$0")/../.."
PYTHON=${PYTHON:-python3}
VENV=build/dist-venv
version=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' companion/__init__.py)

if [ ! -x "$VENV/bin/pyinstaller" ] || [ pyproject.toml -nt "$VENV/bin/pyinstaller" ]; then
  echo "dist: preparing the build venv $VENV (the app's dependencies and PyInstaller)"
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/pip" install -q --upgrade pip
  "$VENV/bin/pip" install -q '.[dist]'
fi

echo "dist: the wheel"
mkdir -p dist
rm -f dist/kkr_companion-*.whl
"$VENV/bin/pip" wheel -q --no-deps -w dist .
wheel="dist/kkr_companion-$version-py3-none-any.whl"
"$VENV/bin/pip" install -q --no-deps --force-reinstall "$wheel"

echo "dist: the bundle (PyInstaller, packaging/pyinstaller/companion.spec)"
"$VENV/bin/python" packaging/make_icons.py build/icons >/dev/null
"$VENV/bin/pyinstaller" --noconfirm --log-level WARN \
  --distpath build/pyinstaller/dist --workpath build/pyinstaller/work \
  packaging/pyinstaller/companion.spec
bundle=build/pyinstaller/dist/companion

echo "dist: the .deb and the .tar.gz"
packaging/linux/make_deb.sh "$bundle" "$version" dist
tarball="dist/kkr-companion-$version-linux-$(uname -m).tar.gz"
tar -C "$(dirname "$bundle")" -czf "$tarball" companion
ls -l "$wheel" dist/kkr-companion_"$version"_*.deb "$tarball"

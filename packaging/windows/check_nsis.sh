#!/usr/bin/env bash
# Compile the Windows installer script (companion.nsi) with Debian's makensis against a
# stand-in payload, so the script itself is checked on Linux: every page, macro, define
# and registry call must compile. The payload is a few generated files labelled as
# stand-ins (the real bundle is built by PyInstaller on Windows: release.yml).
# Writes build/nsis-stand-in/kkr-companion-STAND-IN-setup.exe (never shipped).
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v makensis >/dev/null || { echo "check_nsis: makensis is missing (apt-get install nsis)" >&2; exit 1; }
version=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' companion/__init__.py)
work=build/nsis-stand-in
rm -rf "$work"
mkdir -p "$work/companion/_internal"
echo "STAND-IN for companion.exe: checks the NSIS script on Linux; not a program." \
  > "$work/companion/companion.exe"
echo "STAND-IN for the PyInstaller bundle's _internal folder." \
  > "$work/companion/_internal/STAND-IN.txt"
icon=()
[ -f build/icons/companion.ico ] && icon=(-DICON=build/icons/companion.ico)
makensis -V2 -WX -NOCD -DVERSION="$version" -DBUNDLE="$work/companion" -DLICENSE=LICENSE \
  -DOUTFILE="$work/kkr-companion-STAND-IN-setup.exe" "${icon[@]}" packaging/windows/companion.nsi
head -c 2 "$work/kkr-companion-STAND-IN-setup.exe" | grep -q MZ
echo "check_nsis: packaging/windows/companion.nsi compiles ($work/kkr-companion-STAND-IN-setup.exe)"

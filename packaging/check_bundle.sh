#!/usr/bin/env bash
# The installers' slow check (not in the quick pytest suite; .ci/run runs it after):
#  1. `make dist` builds the wheel, the Linux bundle, the .deb and the .tar.gz (and
#     compiles the NSIS script against a stand-in payload);
#  2. the .deb is unpacked with `dpkg -x` into a clean tree and the installed
#     `companion` runs with a fresh HOME, PATH=/usr/bin:/bin and no PYTHONPATH:
#     --version, `inspect` on a real agenda text, and the window offscreen until it
#     shows the sample meetings (COMPANION_START_CHECK), then again under strace: no
#     file of this checkout, its build venv or any other venv may be opened;
#  3. the .tar.gz's launcher answers --version;
#  4. the wheel (pip install into a fresh venv) and `pipx install .` each give a
#     `companion` that opens the window on the samples.
# Exits non-zero at the first failure, saying which.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
started=$(date +%s)
make --no-print-directory install-missing PACKAGES="strace pipx"
make --no-print-directory dist
version=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' companion/__init__.py)
arch=$(dpkg --print-architecture)
work=$(mktemp -d /tmp/companion-bundle-check.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "check_bundle: FAILED: $*" >&2; exit 1; }

# A clean environment: nothing of the build machine's Python is reachable.
run_clean() {
  local home=$1; shift
  env -i HOME="$home" PATH=/usr/bin:/bin LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen \
    XDG_RUNTIME_DIR="$home/run" "$@"
}
# The window offscreen on a fresh HOME: it must list the 4 sample meetings and quit.
start_check() {
  local label=$1 home=$2; shift 2
  mkdir -p "$home/run" && chmod 700 "$home/run"
  local out
  out=$(cd "$home" && run_clean "$home" COMPANION_START_CHECK=1 "$@") || fail "$label: the window did not start: $out"
  echo "$out" | grep -q "companion start check: 4 meetings shown" || fail "$label: no sample meetings: $out"
  echo "check_bundle: $label: $(echo "$out" | tail -1 | sed 's/companion start check: //')"
}

echo "check_bundle: the .deb, unpacked with dpkg -x"
deb="dist/kkr-companion_${version}_${arch}.deb"
dpkg -x "$deb" "$work/root"
companion="$work/root/usr/bin/companion"
[ -f "$work/root/usr/share/applications/dk.kkr.Companion.desktop" ] || fail "no desktop entry"
[ -f "$work/root/usr/share/icons/hicolor/scalable/apps/dk.kkr.Companion.svg" ] || fail "no icon"
grep -q "GNU AFFERO GENERAL PUBLIC LICENSE" "$work/root/usr/share/doc/kkr-companion/copyright" || fail "no licence"
mkdir -p "$work/home" "$work/home/run"
got=$(run_clean "$work/home" "$companion" --version)
[ "$got" = "companion $version" ] || fail "--version said: $got"
cp resources/agendas/kkr-midtjylland-2015-04-20.txt "$work/agenda.txt"
run_clean "$work/home" "$companion" inspect "$work/agenda.txt" > "$work/inspect.txt" || fail "inspect"
grep -q "KKR MIDTJYLLAND\|KKR Midtjylland" "$work/inspect.txt" || fail "inspect printed: $(head -3 "$work/inspect.txt")"
echo "check_bundle: installed: --version and inspect work ($(head -1 "$work/inspect.txt"))"
# The Danish translation compiled at build time, named after the shipped .ts's digest
# (the name the app looks for; without it every start reads the .ts).
ts=$(find "$work/root" -name companion_da.ts | head -1)
[ -n "$ts" ] || fail "no companion_da.ts in the bundle"
qm="$(dirname "$ts")/companion_da-$(sha256sum "$ts" | cut -c1-16).qm"
[ -s "$qm" ] || fail "no compiled translation $qm beside the .ts"
echo "check_bundle: the compiled translation is there ($(basename "$qm"))"
start_check "the .deb's companion, first start" "$work/home" "$companion"
# The second start under strace: every file the installed app opens is listed. (Not the
# first: strace slows the start enough to show a race in creating a new library, where
# a second connection's switch to WAL meets the first one's migration: "another
# program is using it"; reported to the library's owner.)
start_check "the .deb's companion under strace" "$work/home" \
  strace -f -qq -e trace=openat,open,execve -o "$work/trace" "$companion"
for place in "$repo/" "/work/main/.venv" "/.venv/" "/site-packages/"; do
  if grep -v ENOENT "$work/trace" | grep -F -q "$place"; then
    grep -v ENOENT "$work/trace" | grep -F "$place" | head -5 >&2
    fail "the installed app opened files under $place"
  fi
done
echo "check_bundle: no file of the checkout or any venv opened ($(grep -c openat "$work/trace") openat calls traced)"

echo "check_bundle: the .tar.gz"
mkdir -p "$work/tar"
tar -C "$work/tar" -xzf "dist/kkr-companion-$version-linux-$(uname -m).tar.gz"
got=$(run_clean "$work/home" "$work/tar/companion/companion" --version)
[ "$got" = "companion $version" ] || fail "the tarball's --version said: $got"

echo "check_bundle: the wheel, pip install into a fresh venv"
python3 -m venv "$work/wheel-venv"
"$work/wheel-venv/bin/pip" install -q "dist/kkr_companion-$version-py3-none-any.whl"
start_check "the wheel's companion" "$work/wheel-home" "$work/wheel-venv/bin/companion"

echo "check_bundle: pipx install ."
PIPX_HOME="$work/pipx" PIPX_BIN_DIR="$work/pipx-bin" pipx install . >/dev/null
start_check "pipx's companion" "$work/pipx-home" "$work/pipx-bin/companion"

echo "check_bundle: all installers checked in $(( $(date +%s) - started )) s"

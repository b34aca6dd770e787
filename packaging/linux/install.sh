#!/usr/bin/env sh
# Install the desktop entry and icon for the current user (after `pip install .`).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
share="${XDG_DATA_HOME:-$HOME/.local/share}"
install -Dm644 "$here/dk.kkr.Companion.desktop" "$share/applications/dk.kkr.Companion.desktop"
install -Dm644 "$here/../../resources/icons/companion.svg" \
  "$share/icons/hicolor/scalable/apps/dk.kkr.Companion.svg"
command -v update-desktop-database >/dev/null && update-desktop-database "$share/applications" || true
echo "Installed KKR Meeting Companion in $share/applications"

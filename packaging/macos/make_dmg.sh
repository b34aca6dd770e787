#!/usr/bin/env bash
# Put the .app in a compressed disk image with a link to /Applications (macOS only:
# hdiutil). Usage: make_dmg.sh "path/KKR Meeting Companion.app" OUT_DIR
# The .app is not signed or notarised: a member opens it the first time with
# right-click > Open (packaging/README.md).
set -euo pipefail
app=$1 out=$2
cd "$(dirname "$0")/../.."
version=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' companion/__init__.py)
stage=build/dmg
rm -rf "$stage"
mkdir -p "$stage" "$out"
cp -R "$app" "$stage/"
ln -s /Applications "$stage/Applications"
hdiutil create -volname "KKR Meeting Companion" -srcfolder "$stage" -ov -format UDZO \
  "$out/kkr-companion-$version-macos.dmg"

#!/usr/bin/env bash
# Wrap the PyInstaller bundle in a Debian package with dpkg-deb (no debian/ tree):
#   /usr/lib/kkr-companion/          the one-folder bundle (no Python needed)
#   /usr/bin/companion               a symlink to its launcher: `companion` on the PATH
#   /usr/share/applications/dk.kkr.Companion.desktop, the icon in hicolor/scalable
#   /usr/share/doc/kkr-companion/copyright   the licence (AGPL-3.0-or-later)
# Usage: make_deb.sh BUNDLE_DIR VERSION OUT_DIR
set -euo pipefail
bundle=$1 version=$2 out=$3
cd "$(dirname "$0")/../.."
package=kkr-companion
arch=$(dpkg --print-architecture)
root=build/deb/${package}_${version}_${arch}
rm -rf "$root"
install -d "$root/DEBIAN" "$root/usr/lib" "$root/usr/bin" "$root/usr/share/doc/$package"
cp -a "$bundle" "$root/usr/lib/$package"
ln -s "../lib/$package/companion" "$root/usr/bin/companion"
install -Dm644 packaging/linux/dk.kkr.Companion.desktop \
  "$root/usr/share/applications/dk.kkr.Companion.desktop"
install -Dm644 resources/icons/companion.svg \
  "$root/usr/share/icons/hicolor/scalable/apps/dk.kkr.Companion.svg"
{
  echo "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
  echo "Upstream-Name: kkr-companion"
  echo "Source: the source code is shipped in /usr/lib/$package/_internal/companion"
  echo
  echo "Files: *"
  echo "Copyright: KKR companion developers"
  echo "License: AGPL-3.0-or-later"
  echo " The full text follows."
  echo " ."
  sed -e 's/^$/./' -e 's/^/ /' LICENSE
} > "$root/usr/share/doc/$package/copyright"
depends=$(python3 packaging/linux/deb_depends.py "$bundle")
installed_size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
cat > "$root/DEBIAN/control" <<CONTROL
Package: $package
Version: $version
Architecture: $arch
Maintainer: KKR companion developers <maintainers@kkr-companion.invalid>
Installed-Size: $installed_size
Depends: $depends
Section: office
Priority: optional
Description: offline meeting companion for KKR members
 Read a meeting package (agenda, item texts, bilag) offline, annotate it,
 record positions, follow the agenda in the session and export notes.
 A self-contained build: it needs no Python on the system.
CONTROL
mkdir -p "$out"
dpkg-deb --root-owner-group -Zxz -z3 --build "$root" "$out/${package}_${version}_${arch}.deb" >/dev/null
echo "$out/${package}_${version}_${arch}.deb"

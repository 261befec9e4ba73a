#!/usr/bin/env bash
# Build the one-folder client bundle: dist/fieldclient/ (run dist/fieldclient/fieldclient).
# Then check it: dist/fieldclient/fieldclient --self-check
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
rm -rf build/pyinstaller dist/fieldclient
pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller \
  build.spec
echo "bundle: dist/fieldclient ($(du -sh dist/fieldclient | cut -f1))"

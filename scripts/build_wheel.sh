#!/usr/bin/env bash
# Build the addon's wheel (odoo-addon-l10n_fr_hr_career_interview) with
# OCA's whool backend, into dist/ or the directory given.
# whool names the wheel after the addon's directory, so the committed tree is
# exported under the addon's name first.
set -eu
ADDON=l10n_fr_hr_career_interview
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$(realpath -m "${1:-$ROOT/dist}")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/$ADDON" "$OUT"
git -C "$ROOT" archive HEAD | tar -x -C "$WORK/$ADDON"
python3 -m venv "$WORK/venv"
"$WORK/venv/bin/pip" -q wheel --no-deps -w "$OUT" "$WORK/$ADDON"
ls "$OUT"/odoo_addon_${ADDON}-*.whl

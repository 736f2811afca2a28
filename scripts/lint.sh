#!/usr/bin/env bash
# Lint gates: ruff (lint and format check), pylint-odoo with OCA's blocking
# checks, and well-formed XML. Prints one "LINT <gate>: ok|FAILED" per gate.
set -u
ADDON=l10n_fr_hr_career_interview
ROOT=$(cd "$(dirname "$0")/.." && pwd)
VENV=${XDG_CACHE_HOME:-$HOME/.cache}/$ADDON/lint-venv
if [ ! -x "$VENV/bin/pylint" ] || ! "$VENV/bin/pip" install -q -r "$ROOT/requirements-lint.txt" >/dev/null 2>&1; then
    python3 -m venv "$VENV" && "$VENV/bin/pip" install -q -r "$ROOT/requirements-lint.txt" || { echo "LINT setup: FAILED"; exit 1; }
fi
status=0
gate() {
    local name=$1; shift
    if "$@"; then echo "LINT $name: ok"; else echo "LINT $name: FAILED"; status=1; fi
}
cd "$ROOT"
gate ruff-check "$VENV/bin/ruff" check --no-cache .
gate ruff-format "$VENV/bin/ruff" format --check --no-cache .
# pylint-odoo reads the addon by its directory name, and some of its checks
# (classes inheriting one model across files) look for the manifest by real
# path: a symlink would hide them. A copy of the files, as CI sees them.
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
mkdir "$WORK/$ADDON"
tar -C "$ROOT" --exclude=.git --exclude=__pycache__ -cf - . | tar -C "$WORK/$ADDON" -xf -
gate pylint-odoo "$VENV/bin/pylint" --rcfile="$ROOT/.pylintrc-mandatory" "$WORK/$ADDON"
gate xml python3 -c '
import pathlib, sys, xml.etree.ElementTree as ET
bad = 0
for path in sorted(pathlib.Path(".").rglob("*.xml")):
    try:
        ET.parse(path)
    except ET.ParseError as error:
        print(f"{path}: {error}"); bad += 1
sys.exit(1 if bad else 0)
'
exit $status

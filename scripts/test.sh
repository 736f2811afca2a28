#!/usr/bin/env bash
# Run every test of the addon and end with one line "N passed, N failed".
#
#   scripts/test.sh            the whole suite: first an Odoo 18, found or
#                              installed exactly as scripts/demo.sh does
#                              (scripts/bootstrap_odoo.sh: `odoo`/`odoo-bin`
#                              on PATH or $ODOO_BIN, else the project's cache,
#                              else installed there from ODOO_SOURCE); then
#                              the pure engine tests, the lint gates
#                              (scripts/lint.sh), the Odoo suite on throwaway
#                              databases (without and with demo data) dropped
#                              after, and the scheduler under faults
#                              (scripts/fault_test.py) with that Odoo.
#                              Without an Odoo it cannot install, it stops
#                              there: "0 passed, 1 failed", exit code 1.
#   scripts/test.sh --engine-only   (or TEST_ENGINE_ONLY=1) the engine tests
#                              and the lint alone, no Odoo: for a quick check,
#                              never for CI.
#
# Environment: ODOO_BIN (launcher), ODOO_SOURCE and ODOO_PREFIX (see
# scripts/install_odoo.sh), ODOO_ADDONS_PATH (extra addons, comma
# separated), ODOO_TEST_TAGS (default: the whole module), PGHOST/PGPORT.
set -u
ADDON=l10n_fr_hr_career_interview
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
PASSED=0
FAILED=0
DATABASES=()
ENGINE_ONLY=${TEST_ENGINE_ONLY:-0}
for arg in "$@"; do
    case "$arg" in
        --engine-only) ENGINE_ONLY=1 ;;
        -h|--help) sed -n '2,/^set -u/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown argument: $arg (see scripts/test.sh --help)" >&2; exit 2 ;;
    esac
done

cleanup() {
    for db in "${DATABASES[@]}"; do dropdb --if-exists "$db" >/dev/null 2>&1; done
    rm -rf "$WORK"
}
trap cleanup EXIT

say() { printf '\n=== %s ===\n' "$*"; }

# -- 1. the pure engine, without Odoo ---------------------------------------
pure_python() {
    local python=${PYTHON:-python3}
    if "$python" -c 'import pytest, dateutil, hypothesis' >/dev/null 2>&1; then
        echo "$python"
        return
    fi
    local venv=${XDG_CACHE_HOME:-$HOME/.cache}/$ADDON/test-venv
    if [ ! -x "$venv/bin/python" ]; then
        python3 -m venv "$venv" >&2 || return 1
    fi
    "$venv/bin/pip" install -q -r "$ROOT/requirements-test.txt" >&2 || return 1
    echo "$venv/bin/python"
}

run_engine_tests() {
    say "Engine tests (pure Python, no Odoo)"
    local python
    python=$(pure_python) || { echo "Could not set up Python for the engine tests"; FAILED=$((FAILED + 1)); return; }
    local report="$WORK/engine.txt"
    (cd "$ROOT/engine/tests" && "$python" -m pytest -q -p no:cacheprovider --rootdir=. .) | tee "$report"
    local summary
    summary=$(tail -n 1 "$report")
    PASSED=$((PASSED + $(sed -n 's/.* \([0-9][0-9]*\) passed.*/\1/p;s/^\([0-9][0-9]*\) passed.*/\1/p' <<<"$summary" | head -n1 | grep -o '[0-9]*' || echo 0)))
    local failed
    failed=$(grep -o '[0-9]* \(failed\|error\)' <<<"$summary" | awk '{s += $1} END {print s + 0}')
    FAILED=$((FAILED + failed))
}

# -- 2. lint gates (ruff, pylint-odoo, XML) ---------------------------------------
run_lint() {
    say "Lint gates"
    local report="$WORK/lint.txt"
    "$ROOT/scripts/lint.sh" 2>&1 | tee "$report" | grep -vE "^LINT " | tail -n 30
    grep -E "^LINT " "$report"
    PASSED=$((PASSED + $(grep -cE "^LINT .*: ok$" "$report")))
    FAILED=$((FAILED + $(grep -cE "^LINT .*: FAILED$" "$report")))
}

# -- 3. the Odoo suite ---------------------------------------------------------
# The Python that runs Odoo: $ODOO_PYTHON, else the launcher's shebang or the
# interpreter a launcher script execs.
odoo_python() {
    if [ -n "${ODOO_PYTHON:-}" ]; then echo "$ODOO_PYTHON"; return; fi
    local launcher
    launcher=$(readlink -f "$ODOO")
    head -c 2 "$launcher" | grep -q '#!' || return
    local py
    py=$(head -n 1 "$launcher" | sed -n 's|^#! *\([^ ]*python[0-9.]*\).*|\1|p')
    [ -z "$py" ] && py=$(grep -oE '/[^ "]*/python[0-9.]*' "$launcher" | head -n 1)
    [ -n "$py" ] && [ -x "$py" ] && echo "$py"
}

# What Odoo's own test tools need beyond Odoo's requirements (the browser
# tests skip without websocket-client).
ensure_odoo_test_deps() {
    local py
    py=$(odoo_python)
    if [ -z "$py" ]; then
        echo "Could not tell which Python runs Odoo (set ODOO_PYTHON): test dependencies not checked"
        return
    fi
    "$py" -c 'import websocket' 2>/dev/null && return
    echo "Installing $(grep -v '^#' "$ROOT/requirements-odoo-test.txt" | xargs) into $py"
    "$py" -m pip install -q -r "$ROOT/requirements-odoo-test.txt" || echo "Could not install them: browser tests will skip"
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Run one install + test pass; $1 = label, rest = extra odoo options.
# Each failing test's message and traceback: the logged FAIL/ERROR line and
# the lines under it, up to the next logged line.
failure_details() {
    awk '/^[0-9-]+ [0-9:,]+ [0-9]+ / { show = ($0 ~ / (FAIL|ERROR): /) } show' "$1" | head -n 300
}

odoo_pass() {
    local label=$1; shift
    local db="${ADDON}_test_$$_${label}"
    local log="$WORK/odoo_${label}.log"
    DATABASES+=("$db")
    say "Odoo suite: install $label, then tests"
    "$ODOO" -d "$db" --addons-path="$ADDONS_PATH" --db-filter="^${db}\$" \
        -i "$ADDON" --test-tags "${ODOO_TEST_TAGS:-/$ADDON}" \
        --http-port "$(free_port)" --stop-after-init --log-level=test "$@" >"$log" 2>&1
    local rc=$?
    grep -E "(ERROR|CRITICAL|FAIL:|failed, .* error|Ran [0-9]+ tests|tests when loading)" "$log" | tail -n 40
    local line tests failures errors
    line=$(grep -E "[0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests" "$log" | tail -n 1)
    if [ -n "$line" ]; then
        failures=$(sed -E 's/.* ([0-9]+) failed, ([0-9]+) error\(s\) of ([0-9]+) tests.*/\1/' <<<"$line")
        errors=$(sed -E 's/.* ([0-9]+) failed, ([0-9]+) error\(s\) of ([0-9]+) tests.*/\2/' <<<"$line")
        tests=$(sed -E 's/.* ([0-9]+) failed, ([0-9]+) error\(s\) of ([0-9]+) tests.*/\3/' <<<"$line")
    else
        failures=0; errors=0; tests=0
    fi
    # An error logged outside a test (install, data, view) is a failure too.
    local stray
    stray=$(grep -cE "^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) " "$log")
    local bad=$((failures + errors))
    # A skipped test did not run (a browser test without its tools): say so, and fail.
    local skipped
    skipped=$(grep -cE ": skipped [A-Za-z_]+\.test_" "$log")
    if [ "$skipped" -gt 0 ]; then
        grep -E ": skipped [A-Za-z_]+\.test_" "$log" | sed -E 's/.*: skipped /SKIPPED: /'
        echo "Odoo pass '$label': $skipped test(s) SKIPPED, counted as failing"
        bad=$((bad + skipped))
    fi
    if [ "$bad" -eq 0 ] && { [ "$stray" -gt 0 ] || [ "$rc" -ne 0 ] || [ "$tests" -eq 0 ]; }; then
        echo "Odoo pass '$label' failed outside the tests (rc=$rc, $stray error lines, $tests tests): see above"
        bad=1
    fi
    if [ "$bad" -gt 0 ]; then
        failure_details "$log"
        local kept="${TMPDIR:-/tmp}/${ADDON}_test_${label}_$$.log"
        cp "$log" "$kept" && echo "Full log of the '$label' pass kept in $kept"
    fi
    local passed=$((tests - failures - errors - skipped))
    echo "Odoo pass '$label': $passed of $tests tests passed, $bad failing"
    PASSED=$((PASSED + passed))
    FAILED=$((FAILED + bad))
}

run_odoo_tests() {
    say "Odoo suite"
    ensure_odoo_test_deps
    # Odoo finds an addon by its directory name: give the checkout that name.
    mkdir -p "$WORK/addons"
    ln -s "$ROOT" "$WORK/addons/$ADDON"
    ADDONS_PATH="$WORK/addons${ODOO_ADDONS_PATH:+,$ODOO_ADDONS_PATH}"
    odoo_pass nodemo --without-demo=all
    odoo_pass demo
    run_fault_tests
}

# -- 4. the scheduler under faults: killed and resumed, beside a user's
# transaction, on committed throwaway databases (Odoo's test cases cannot
# commit). One "FAULT <scenario>: <check>: ok|FAILED" line per check.
run_fault_tests() {
    say "Scheduler under faults (scripts/fault_test.py)"
    local report="$WORK/faults.txt"
    ODOO_BIN="$ODOO" python3 "$ROOT/scripts/fault_test.py" 2>&1 | tee "$report"
    local rc=${PIPESTATUS[0]}
    local ok bad
    ok=$(grep -cE "^FAULT .*: ok$" "$report")
    bad=$(grep -cE "^FAULT .*: FAILED" "$report")
    if [ "$bad" -eq 0 ] && { [ "$rc" -ne 0 ] || [ "$ok" -eq 0 ]; }; then
        echo "scripts/fault_test.py failed outside its checks (rc=$rc, $ok checks passed)"
        bad=1
    fi
    PASSED=$((PASSED + ok))
    FAILED=$((FAILED + bad))
}

summary() {
    say "Summary"
    echo "$PASSED passed, $FAILED failed"
    [ "$FAILED" -eq 0 ]
}

# -- 0. Odoo 18 and what it needs, as scripts/demo.sh finds or installs them;
# without it the suite does not run, and nothing passes.
if [ "$ENGINE_ONLY" = 1 ]; then
    say "Engine tests and lint only (--engine-only): the Odoo suite will not run"
else
    say "Odoo 18, PostgreSQL and the system's packages"
    # shellcheck source=scripts/bootstrap_odoo.sh
    if ! . "$ROOT/scripts/bootstrap_odoo.sh" || ! bootstrap_system_packages || ! bootstrap_postgres || ! bootstrap_odoo; then
        echo
        echo "NO ODOO 18 TO TEST WITH: the Odoo suite cannot run, so no test is run."
        echo "Give one (ODOO_BIN=/path/to/odoo-bin, or ODOO_SOURCE=<Odoo 18.0 source tree, archive or git URL>"
        echo "to install one), or run scripts/test.sh --engine-only for the engine and the lint alone."
        FAILED=1
        summary
        exit 1
    fi
fi
run_engine_tests
run_lint
if [ "$ENGINE_ONLY" = 1 ]; then
    say "The Odoo suite was not run (--engine-only)"
else
    run_odoo_tests
fi
summary

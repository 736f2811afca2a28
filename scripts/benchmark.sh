#!/usr/bin/env bash
# Benchmark the daily scheduler on throwaway databases (not part of the tests).
#
#   scripts/benchmark.sh 1000 10000 50000
#
# For each N: a fresh database without demo data, N employees with histories
# (built by one process), then the timings of scripts/benchmark_scheduler.py
# (in a process of its own, so that its peak memory is the scheduler's). The
# database is dropped, unless BENCH_KEEP=1: then it is kept built, and each
# call measures on a copy of it. BENCH_BATCH, BENCH_EVENT_RATE and
# BENCH_MONTH_DAYS are passed on (see the script).
set -eu
ADDON=l10n_fr_hr_career_interview
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ODOO=${ODOO_BIN:-$(command -v odoo || command -v odoo-bin)}
WORK=$(mktemp -d)
mkdir -p "$WORK/addons" && ln -s "$ROOT" "$WORK/addons/$ADDON"
DROP=""
cleanup() {
    for db in $DROP; do dropdb --if-exists "$db" || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT
shell() {
    "$ODOO" shell -d "$1" --addons-path="$WORK/addons" --log-level=warn --no-http \
        < "$ROOT/scripts/benchmark_scheduler.py" 2>&1 | grep -v "^Running as user"
}
for n in "${@:-1000}"; do
    db="${ADDON}_bench_$n"
    export BENCH_N=$n BENCH_SCRIPTS="$ROOT/scripts"
    if [ "${BENCH_KEEP:-0}" = 1 ] && psql -lqt | cut -d'|' -f1 | grep -qw "$db"; then
        upgrade=1
    else
        upgrade=0
        [ "${BENCH_KEEP:-0}" = 1 ] || DROP="$DROP $db"
        dropdb --if-exists "$db"
        "$ODOO" -d "$db" --addons-path="$WORK/addons" -i "$ADDON" --without-demo=all --stop-after-init --log-level=warn
        BENCH_BUILD_ONLY=1 shell "$db"
    fi
    run="$db"
    if [ "${BENCH_KEEP:-0}" = 1 ]; then
        run="${db}_run" && DROP="$DROP $run" && dropdb --if-exists "$run" && createdb -T "$db" "$run"
        [ "$upgrade" = 0 ] || "$ODOO" -d "$run" --addons-path="$WORK/addons" -u "$ADDON" --stop-after-init --log-level=warn
    fi
    shell "$run"
    for db in $DROP; do dropdb --if-exists "$db"; done
    DROP=""
done

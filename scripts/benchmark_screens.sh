#!/usr/bin/env bash
# Benchmark of the screens and documents a user waits for (not part of the
# tests), on throwaway databases.
#
#   scripts/benchmark_screens.sh 10000 50000
#
# For each N: a fresh database without demo data, N employees with the
# compliant population's histories (scripts/population.py), the daily pass
# run to its end (the calendars stored, the interviews planned), an HR user;
# then a server on a free port, and scripts/benchmark_screens.py times each
# screen beside Odoo's own comparable call. BENCH_REPEAT (5) runs per call.
# The database is dropped at the end.
set -eu
ADDON=l10n_fr_hr_career_interview
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ODOO=${ODOO_BIN:-$(command -v odoo || command -v odoo-bin || echo "${XDG_CACHE_HOME:-$HOME/.cache}/$ADDON/odoo18/bin/odoo")}
WORK=$(mktemp -d)
mkdir -p "$WORK/addons" && ln -s "$ROOT" "$WORK/addons/$ADDON"
DB=""
SERVER=""
cleanup() {
    [ -z "$SERVER" ] || kill "$SERVER" 2>/dev/null || true
    [ -z "$DB" ] || dropdb --if-exists "$DB" || true
    rm -rf "$WORK"
}
trap cleanup EXIT
port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

for n in "${@:-10000}"; do
    DB="${ADDON}_screens_$n"
    dropdb --if-exists "$DB"
    started=$(date +%s)
    "$ODOO" -d "$DB" --addons-path="$WORK/addons" -i "$ADDON" --without-demo=all --load-language=fr_FR \
        --stop-after-init --log-level=warn
    BENCH_SCRIPTS="$ROOT/scripts" BENCH_N=$n "$ODOO" shell -d "$DB" --addons-path="$WORK/addons" --no-http \
        --log-level=warn <<'PYTHON' 2>&1 | grep -v "^Running as user"
import os, sys, time
sys.path.insert(0, os.environ["BENCH_SCRIPTS"])
import population
population.build(env, int(os.environ["BENCH_N"]))
env.cr.commit()
started = time.time()
scheduler = env["hr.career.scheduler"]
while scheduler._cron_run():
    env.cr.commit()
env.cr.commit()
print(f"first daily pass: {time.time() - started:.0f} s", flush=True)
env["res.users"].create({
    "name": "RH (bench)", "login": "bench_hr", "password": "bench_hr", "lang": "fr_FR", "tz": "Europe/Paris",
    "groups_id": [(6, 0, [env.ref("l10n_fr_hr_career_interview.group_career_admin").id,
                          env.ref("hr.group_hr_user").id, env.ref("base.group_system").id])],
})
env.cr.commit()
PYTHON
    echo "built and first pass in $(( $(date +%s) - started )) s"
    log="$WORK/server_$n.log"
    http=$(port)
    "$ODOO" -d "$DB" --addons-path="$WORK/addons" --db-filter="^$DB\$" --http-port="$http" --workers=0 \
        --max-cron-threads=0 --log-level=info --logfile="$log" &
    SERVER=$!
    for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$http/web/login" >/dev/null && break; sleep 1; done
    BENCH_URL="http://127.0.0.1:$http" BENCH_DB="$DB" BENCH_LOGIN=bench_hr BENCH_PASSWORD=bench_hr \
        BENCH_LOG="$log" python3 "$ROOT/scripts/benchmark_screens.py"
    kill "$SERVER" && wait "$SERVER" 2>/dev/null || true
    SERVER=""
    dropdb --if-exists "$DB"
    DB=""
done

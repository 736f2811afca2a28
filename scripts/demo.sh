#!/usr/bin/env bash
# Start an Odoo 18 server on a demo database with this addon and its demo
# data installed (French loaded), then print the URL and the logins.
#
#   scripts/demo.sh              database "career_demo", port 8069
#   DEMO_DB=x PORT=8070 scripts/demo.sh
#   scripts/demo.sh --reset      drop the demo database first
set -eu
ADDON=l10n_fr_hr_career_interview
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DB=${DEMO_DB:-career_demo}
PORT=${PORT:-8069}
ODOO=${ODOO_BIN:-$(command -v odoo || command -v odoo-bin || true)}
[ -n "$ODOO" ] || { echo "No Odoo 18 found: put 'odoo' on PATH or set ODOO_BIN." >&2; exit 1; }

if ! pg_isready -q; then
    version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
    [ -n "$version" ] && pg_ctlcluster --skip-systemctl-redirect "$version" main start
    for _ in $(seq 1 30); do pg_isready -q && break; sleep 1; done
fi
[ "${1:-}" = "--reset" ] && dropdb --if-exists "$DB"

# Odoo finds an addon by its directory name: give the checkout that name.
ADDONS=${XDG_CACHE_HOME:-$HOME/.cache}/$ADDON/addons
mkdir -p "$ADDONS"
ln -sfn "$ROOT" "$ADDONS/$ADDON"
ADDONS_PATH="$ADDONS${ODOO_ADDONS_PATH:+,$ODOO_ADDONS_PATH}"

if psql -lqt | cut -d '|' -f 1 | grep -qw "$DB"; then
    "$ODOO" -d "$DB" --addons-path="$ADDONS_PATH" -u "$ADDON" --stop-after-init --log-level=warn
else
    "$ODOO" -d "$DB" --addons-path="$ADDONS_PATH" -i "$ADDON" --load-language=fr_FR \
        --stop-after-init --log-level=warn
    psql -q -d "$DB" -c "UPDATE res_partner SET lang = 'fr_FR' WHERE id IN (SELECT partner_id FROM res_users)"
fi

cat <<INFO

  Odoo with l10n_fr_hr_career_interview: http://localhost:$PORT/odoo?db=$DB
  Logins (password = login):
    admin / admin   HR administrator, manager of Marc Demo
    demo  / demo    Marc Demo, an employee (sees his own interviews)
    portal / portal Ronnie Hart's portal account: /my/career-interviews
  Employees > Career Interviews. Stop with Ctrl-C.

INFO
exec "$ODOO" -d "$DB" --addons-path="$ADDONS_PATH" --db-filter="^$DB\$" --http-port="$PORT"

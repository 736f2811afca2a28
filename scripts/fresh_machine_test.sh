#!/usr/bin/env bash
# The README's two commands on a machine where nothing is installed: builds a
# minimal Debian bookworm root with debootstrap (Debian's packages only: no
# Python, no PostgreSQL, no Odoo), copies this checkout into it, and runs
# there, as root, with a local Odoo 18 source tree as ODOO_SOURCE:
#
#   scripts/demo.sh    until the login page answers 200, then stopped
#   scripts/test.sh    whose last line must be "N passed, 0 failed", with
#                      both Odoo passes run
#
# then removes everything it made. Not part of CI: 10 to 13 minutes on 2
# cores with a fast link, longer on a slow one (README, "Tests"). Run it as
# root, on a Debian/Ubuntu host with network access to Debian's mirror and
# PyPI:
#
#   ODOO_SOURCE=~/src/odoo scripts/fresh_machine_test.sh
#
# Environment:
#   ODOO_SOURCE     a local Odoo 18.0 source tree (mounted read-only into the
#                   root) or source archive (copied); required
#   FRESH_FROM      head (default): the checkout's last commit (git archive);
#                   worktree: its files as they are now, uncommitted edits too
#   DEBIAN_MIRROR   default http://deb.debian.org/debian
#   FRESH_PARENT    where the root is built (default /var/tmp)
#   FRESH_KEEP=1    keep the root (and its PostgreSQL stopped) to look at
#
# The root shares the host's network, not its processes' files: its
# PostgreSQL, installed by the scripts, takes the first free port from 5432
# (Debian's pg_createcluster skips the ports in use, so a host PostgreSQL on
# 5432 is left alone), and the demo is started on a free port. Like a
# container, the root has no init: a policy-rc.d keeps apt-get from starting
# services, and the scripts start PostgreSQL themselves, as on any machine
# where it is stopped. The host's network trust is carried in: its local CA
# certificates (/usr/local/share/ca-certificates) and its proxy and CA
# variables (https_proxy, SSL_CERT_FILE, REQUESTS_CA_BUNDLE, PIP_CERT...).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
ADDON=l10n_fr_hr_career_interview
SUITE=bookworm
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
FROM=${FRESH_FROM:-head}
PARENT=${FRESH_PARENT:-/var/tmp}
START=$(date +%s)

say() { printf '\n[fresh %s, %s] %s\n' "$(date +%H:%M:%S)" "$(elapsed)" "$*"; }
elapsed() { local s=$(($(date +%s) - START)); printf '%dm%02ds' $((s / 60)) $((s % 60)); }
die() { printf '\nFRESH MACHINE TEST FAILED: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run it as root (debootstrap, chroot and mounts need it)"
[ -n "${ODOO_SOURCE:-}" ] || die "set ODOO_SOURCE to a local Odoo 18.0 source tree or archive"
[ -e "$ODOO_SOURCE" ] || die "ODOO_SOURCE not found: $ODOO_SOURCE"
case "$FROM" in head|worktree) ;; *) die "FRESH_FROM is head or worktree, not $FROM" ;; esac
for tool in curl python3; do command -v "$tool" >/dev/null || die "$tool is needed on the host"; done
if ! command -v debootstrap >/dev/null; then
    say "Installing debootstrap on the host (apt-get)"
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap
fi

FRESH=$(mktemp -d "$PARENT/fresh-machine.XXXXXX")
chmod 755 "$FRESH"  # its / : mktemp's 0700 would lock out postgres and _apt
LOGS=$(mktemp -d "${TMPDIR:-/tmp}/fresh-machine-logs.XXXXXX")
DEMO_PID=

# Every process whose root is the fresh root, by pid (PostgreSQL, the demo,
# Chromium...): all started by this script.
root_pids() {
    local proc
    for proc in /proc/[0-9]*; do
        [ "$(readlink "$proc/root" 2>/dev/null)" = "$FRESH" ] && echo "${proc#/proc/}"
    done
    return 0
}

mounts_under() {
    awk -v root="$FRESH" '$2 == root || index($2, root "/") == 1 { print $2 }' /proc/self/mounts | sort -r
}

cleanup() {
    local status=$?
    set +e
    say "Cleaning up"
    [ -n "$DEMO_PID" ] && kill "$DEMO_PID" 2>/dev/null
    local pids pid
    pids=$(root_pids)
    if [ -n "$pids" ]; then
        # shellcheck disable=SC2086
        kill $pids 2>/dev/null
        for _ in $(seq 1 20); do pids=$(root_pids); [ -z "$pids" ] && break; sleep 1; done
        for pid in $pids; do kill -9 "$pid" 2>/dev/null; done
        sleep 1
    fi
    local mount
    for mount in $(mounts_under); do umount "$mount" 2>/dev/null || umount -l "$mount"; done
    if [ -n "$(mounts_under)" ]; then
        echo "Still mounted under $FRESH, not removed:" >&2
        mounts_under >&2
    elif [ "${FRESH_KEEP:-0}" = 1 ]; then
        echo "Kept: $FRESH (FRESH_KEEP=1); the logs: $LOGS"
    else
        rm -rf --one-file-system "$FRESH"
        echo "Removed $FRESH"
    fi
    echo "Logs: $LOGS"
    echo "Duration: $(elapsed)"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "Building a minimal Debian $SUITE root in $FRESH (debootstrap --variant=minbase, $MIRROR)"
debootstrap --variant=minbase "$SUITE" "$FRESH" "$MIRROR" >"$LOGS/debootstrap.log" 2>&1 \
    || { tail -n 20 "$LOGS/debootstrap.log"; die "debootstrap failed"; }
for tool in python3 psql pg_ctlcluster wkhtmltopdf chromium odoo; do
    chroot "$FRESH" sh -c "command -v $tool" >/dev/null && die "the fresh root already has $tool"
done
echo "    nothing of python3, PostgreSQL, wkhtmltopdf, chromium, odoo in it"
cp /etc/resolv.conf "$FRESH/etc/resolv.conf"
# The host's network trust, nothing else: a local CA (a proxy that inspects
# TLS) goes into the root's store when the scripts install ca-certificates,
# and the proxy and CA variables the host sets are passed on.
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
    mkdir -p "$FRESH/usr/local/share/ca-certificates"
    cp /usr/local/share/ca-certificates/*.crt "$FRESH/usr/local/share/ca-certificates/"
fi
NETWORK_ENV=()
for var in http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY \
        SSL_CERT_FILE SSL_CERT_DIR REQUESTS_CA_BUNDLE CURL_CA_BUNDLE PIP_CERT; do
    if [ -n "${!var:-}" ]; then NETWORK_ENV+=("$var=${!var}"); fi
done
printf '#!/bin/sh\n# no init in this root: services are started by hand\nexit 101\n' >"$FRESH/usr/sbin/policy-rc.d"
chmod +x "$FRESH/usr/sbin/policy-rc.d"

mount -t proc proc "$FRESH/proc"
mount -t sysfs sysfs "$FRESH/sys"
mount --rbind /dev "$FRESH/dev"
mount --make-rslave "$FRESH/dev"

# The local Odoo source: a tree mounted read-only, an archive copied.
if [ -d "$ODOO_SOURCE" ]; then
    mkdir -p "$FRESH/mnt/odoo-src"
    mount --bind "$ODOO_SOURCE" "$FRESH/mnt/odoo-src"
    mount -o remount,bind,ro "$FRESH/mnt/odoo-src"
    INNER_SOURCE=/mnt/odoo-src
else
    INNER_SOURCE=/root/$(basename "$ODOO_SOURCE")
    cp "$ODOO_SOURCE" "$FRESH$INNER_SOURCE"
fi

CHECKOUT=/root/$ADDON
mkdir -p "$FRESH$CHECKOUT"
if [ "$FROM" = head ]; then
    say "Copying the checkout's last commit ($(git -C "$ROOT" log -1 --format='%h %s' | cut -c1-70)) to $CHECKOUT"
    git -C "$ROOT" archive HEAD | tar -x -C "$FRESH$CHECKOUT"
else
    say "Copying the checkout's files as they are now to $CHECKOUT"
    (cd "$ROOT" && git ls-files -z --cached --others --exclude-standard \
        | tar --null -T - -cf - 2>/dev/null) | tar -x -C "$FRESH$CHECKOUT"
fi

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
# In the root: a clean environment, as a login would give.
INSIDE=(chroot "$FRESH" /usr/bin/env -i HOME=/root USER=root LOGNAME=root LANG=C.UTF-8 TERM=dumb
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
    ${NETWORK_ENV[@]+"${NETWORK_ENV[@]}"} ODOO_SOURCE="$INNER_SOURCE")

# -- the first README command --------------------------------------------------
say "In the root: PORT=$PORT scripts/demo.sh (log: $LOGS/demo.log)"
# chroot, env, bash and demo.sh exec one another down to Odoo: one pid.
"${INSIDE[@]}" PORT="$PORT" /bin/bash -c "cd $CHECKOUT && exec scripts/demo.sh" >"$LOGS/demo.log" 2>&1 &
DEMO_PID=$!
URL=http://127.0.0.1:$PORT/web/login
code=000
shown=0
while kill -0 "$DEMO_PID" 2>/dev/null; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$URL" || true)
    [ "$code" = 200 ] && break
    # The demo's progress, as it goes.
    total=$(wc -l <"$LOGS/demo.log")
    if [ "$total" -gt "$shown" ]; then
        sed -n "$((shown + 1)),${total}p" "$LOGS/demo.log" | grep -E '^(==>|    |Odoo|Installing|Missing|ERROR)' | grep -vE '^    [A-Za-z]+\.\.\. [0-9]+ s$|━' | sed 's/^/    demo| /' || true
        shown=$total
    fi
    sleep 5
done
if [ "$code" != 200 ]; then
    tail -n 40 "$LOGS/demo.log"
    die "scripts/demo.sh stopped before its login page answered ($URL: $code)"
fi
say "Demo: GET $URL -> $code"
grep -E '^  (Odoo with|Logins)' "$LOGS/demo.log" || true
kill "$DEMO_PID"
wait "$DEMO_PID" 2>/dev/null || true
DEMO_PID=

# -- the second README command -------------------------------------------------
say "In the root: scripts/test.sh (log: $LOGS/test.log)"
set +e
"${INSIDE[@]}" /bin/bash -c "cd $CHECKOUT && exec scripts/test.sh" 2>&1 | tee "$LOGS/test.log" \
    | grep -E '^(===|==>|Odoo|LINT|FAULT .*FAILED|[0-9]+ passed|Missing|NO ODOO)' | sed 's/^/    test| /'
rc=${PIPESTATUS[0]}
set -e
last=$(tail -n 1 "$LOGS/test.log")
say "scripts/test.sh exited $rc; its last line: $last"
grep -E "^Odoo pass '(nodemo|demo)'" "$LOGS/test.log" || true
passes=$(grep -cE "^Odoo pass '(nodemo|demo)': [0-9]+ of [0-9]+ tests passed" "$LOGS/test.log" || true)
[ "$rc" -eq 0 ] || die "scripts/test.sh exited $rc"
[[ "$last" =~ ^[0-9]+\ passed,\ 0\ failed$ ]] || die "scripts/test.sh's last line is not 'N passed, 0 failed'"
[ "$passes" -eq 2 ] || die "the two Odoo passes (without and with demo data) did not both run"
say "FRESH MACHINE TEST PASSED: the demo's login page answered 200; scripts/test.sh: $last"

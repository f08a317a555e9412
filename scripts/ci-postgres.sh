#!/usr/bin/env bash
# A throwaway PostgreSQL for CI, so the store tests also run against a real server.
#
#   pg_env="$(bash scripts/ci-postgres.sh)"    # start (installs the server if missing)
#   eval "$pg_env"                              # sets TEST_DATABASE_URL and ROLEBOT_PG_DIR
#   trap 'bash scripts/ci-postgres.sh stop "$ROLEBOT_PG_DIR"' EXIT
#
# Start: installs Debian's `postgresql` when no server binaries are found (needs root), creates a
# cluster in a fresh temp dir (owned by `postgres` when run as root, else by the caller), listening
# on a free port on 127.0.0.1 only, with its socket inside that dir, and a `rolebot_test` database
# owned by a `rolebot_test` user with a random password. Only the two `export` lines go to stdout;
# progress and errors go to stderr. Running start again while ROLEBOT_PG_DIR points at a running
# cluster of ours prints the same exports instead of starting another.
#
# Restart: `scripts/ci-postgres.sh restart DIR` restarts that cluster (fast shutdown: sessions are
# cut off, as in a real restart) on the same port; for the restart-under-load test.
#
# Stop: `scripts/ci-postgres.sh stop [DIR]` (DIR defaults to $ROLEBOT_PG_DIR) stops the server and
# deletes DIR; a missing or already stopped cluster is fine. It refuses a DIR this script did not
# create.
set -euo pipefail

readonly MARKER=.rolebot-ci-postgres
readonly DB_NAME=rolebot_test
readonly DB_USER=rolebot_test

log() { printf 'ci-postgres: %s\n' "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

bin_dir() {
  local dir
  dir="$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)"
  if [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
    printf '%s\n' "$dir"
  fi
}

# Runs a command as the cluster's owner: `postgres` when we are root (initdb refuses root).
as_owner() {
  if [[ $EUID -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

ensure_installed() {
  if [[ -n "$(bin_dir)" ]]; then return; fi
  [[ $EUID -eq 0 ]] || die 'PostgreSQL is not installed and installing it needs root'
  log 'installing postgresql (apt-get)'
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  [[ -n "$(bin_dir)" ]] || die 'postgresql installed but no initdb under /usr/lib/postgresql/*/bin'
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

print_exports() {
  local dir="$1"
  printf "export TEST_DATABASE_URL='%s'\n" "$(cat "$dir/url")"
  printf "export ROLEBOT_PG_DIR='%s'\n" "$dir"
}

is_ours() {
  [[ -n "$1" && -d "$1" && -f "$1/$MARKER" ]]
}

stop() {
  local dir="${1:-${ROLEBOT_PG_DIR:-}}"
  [[ -n "$dir" ]] || die 'usage: ci-postgres.sh stop DIR (or set ROLEBOT_PG_DIR)'
  if [[ ! -e "$dir" ]]; then
    log "nothing to stop: $dir does not exist"
    return
  fi
  is_ours "$dir" || die "refusing to stop/delete $dir: not created by ci-postgres.sh"
  local bin
  bin="$(bin_dir)"
  if [[ -n "$bin" && -f "$dir/data/postmaster.pid" ]]; then
    log "stopping the server in $dir"
    (cd / && as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2) || true
  fi
  rm -rf -- "$dir"
  log "removed $dir"
}

start() {
  # Idempotent: a running cluster of ours is reused.
  local existing="${ROLEBOT_PG_DIR:-}"
  if is_ours "$existing" && [[ -f "$existing/url" ]]; then
    local bin
    bin="$(bin_dir)"
    if [[ -n "$bin" ]] && (cd / && as_owner "$bin/pg_ctl" -D "$existing/data" status >/dev/null 2>&1); then
      log "reusing the running cluster in $existing"
      print_exports "$existing"
      return
    fi
  fi

  ensure_installed
  local bin
  bin="$(bin_dir)"
  command -v runuser >/dev/null || [[ $EUID -ne 0 ]] || die 'runuser (util-linux) is required'

  NEW_DIR="$(mktemp -d "${TMPDIR:-/tmp}/rolebot-pg.XXXXXX")"
  local dir="$NEW_DIR"
  trap cleanup_failed_start EXIT
  touch "$dir/$MARKER"
  chmod 700 "$dir"
  [[ $EUID -ne 0 ]] || chown -R postgres:postgres "$dir"

  cd / # the owner may not be allowed into the caller's directory
  log "initdb in $dir/data ($bin)"
  if ! as_owner "$bin/initdb" -D "$dir/data" -U postgres -E UTF8 --locale=C \
    --auth-local=trust --auth-host=scram-sha-256 >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2
    die 'initdb failed'
  fi

  local port attempt
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    port=$((20000 + RANDOM % 40000))
    if port_in_use "$port"; then continue; fi
    # Loopback only; socket inside the private dir; throwaway data, so durability off for speed.
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/data/server.log" -w -t 60 start \
      -o "-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >&2; then
      STARTED=yes
      break
    fi
    log "start on port $port failed (attempt $attempt); retrying on another port"
  done
  [[ -n "$STARTED" ]] || die 'could not start PostgreSQL'

  local password
  password="$(od -An -tx1 -N18 /dev/urandom | tr -d ' \n')"
  as_owner "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres -d postgres \
    -v user="$DB_USER" -v db="$DB_NAME" -v password="$password" >&2 <<'SQL'
CREATE ROLE :"user" LOGIN PASSWORD :'password';
CREATE DATABASE :"db" OWNER :"user";
SQL

  local url="postgres://$DB_USER:$password@127.0.0.1:$port/$DB_NAME"
  (umask 077 && printf '%s\n' "$url" >"$dir/url")
  # Prove the URL works over TCP with the password before handing it out.
  PGPASSWORD="$password" "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" \
    -U "$DB_USER" -d "$DB_NAME" -c 'SELECT 1' >/dev/null

  SUCCEEDED=yes
  log "PostgreSQL $("$bin/pg_ctl" --version | awk '{print $3}') on 127.0.0.1:$port, data in $dir"
  print_exports "$dir"
}

restart() {
  local dir="${1:-${ROLEBOT_PG_DIR:-}}"
  [[ -n "$dir" ]] || die 'usage: ci-postgres.sh restart DIR'
  is_ours "$dir" || die "refusing to restart $dir: not created by ci-postgres.sh"
  local bin
  bin="$(bin_dir)"
  [[ -n "$bin" ]] || die 'PostgreSQL is not installed'
  log "restarting the server in $dir"
  # -l: the new server writes to its log, not to our stdout/stderr (a caller waiting for them to
  # close would wait for the server to exit).
  (cd / && as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/data/server.log" -m fast -w -t 60 restart \
    >&2 </dev/null)
}

NEW_DIR=''
STARTED=''
SUCCEEDED=''

# EXIT trap of `start`: a half-made cluster is shown (server log), stopped and removed.
cleanup_failed_start() {
  local status=$?
  [[ -z "$SUCCEEDED" && -n "$NEW_DIR" ]] || return "$status"
  log 'start failed; server log follows'
  tail -n 40 "$NEW_DIR/data/server.log" >&2 2>/dev/null || true
  if [[ -n "$STARTED" ]]; then
    (cd / && as_owner "$(bin_dir)/pg_ctl" -D "$NEW_DIR/data" -m immediate -w stop >&2) || true
  fi
  rm -rf -- "$NEW_DIR"
  exit "$status"
}

case "${1:-start}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  restart) restart "${2:-}" ;;
  *) die "usage: ci-postgres.sh [start | restart DIR | stop DIR]" ;;
esac

#!/usr/bin/env bash
# A local PostgreSQL primary and its streaming standby for the replica tests (issue 13):
#   scripts/replica.sh start   make both (once) and start them; nothing to do when both are up
#   scripts/replica.sh stop    stop both (their data stays for the next start)
#   scripts/replica.sh status  pg_lsclusters lines of both
# Two clusters of Debian's postgresql-common (pg_createcluster, run as the postgres user):
# anquan_primary on 5441 (wal_level=replica, replication from 127.0.0.1 trusted) and
# anquan_standby on 5442, copied from the primary by `pg_basebackup -R` (standby.signal and
# primary_conninfo) and streaming from it. Both trust local connections: they are for tests only.
# The machine's main cluster (5432) and its configuration are never touched.
set -euo pipefail

VERSION="${REPLICA_PG_VERSION:-15}"
PRIMARY="anquan_primary"
STANDBY="anquan_standby"
PRIMARY_PORT="${REPLICA_PRIMARY_PORT:-5441}"
STANDBY_PORT="${REPLICA_STANDBY_PORT:-5442}"
BIN="/usr/lib/postgresql/$VERSION/bin"
ETC="/etc/postgresql/$VERSION"

say() { echo "replica: $*"; }
die() { echo "replica: $*" >&2; exit 1; }

as_postgres() {
  if [ "$(id -un)" = "postgres" ]; then "$@"; else runuser -u postgres -- "$@"; fi
}

# The status column of pg_lsclusters for one cluster ("" when it does not exist).
status_of() { pg_lsclusters -h 2>/dev/null | awk -v v="$VERSION" -v c="$1" '$1 == v && $2 == c { print $4 }'; }
data_of() { pg_lsclusters -h 2>/dev/null | awk -v v="$VERSION" -v c="$1" '$1 == v && $2 == c { print $6 }'; }
port_of() { pg_lsclusters -h 2>/dev/null | awk -v v="$VERSION" -v c="$1" '$1 == v && $2 == c { print $3 }'; }
is_online() { case "$(status_of "$1")" in online*) return 0 ;; *) return 1 ;; esac; }  # "online" or "online,recovery"

preflight() {
  command -v pg_createcluster >/dev/null || die "pg_createcluster not found: install Debian's postgresql-$VERSION"
  [ -x "$BIN/pg_basebackup" ] || die "$BIN/pg_basebackup not found: install Debian's postgresql-$VERSION"
  if [ "$(id -u)" != "0" ] && [ "$(id -un)" != "postgres" ]; then
    die "run as root (or as postgres): the clusters belong to the postgres user"
  fi
}

# Ports taken by a cluster other than ours, or by something else listening.
check_port_free() {
  local port="$1" cluster="$2"
  local owner
  owner=$(pg_lsclusters -h 2>/dev/null | awk -v p="$port" '$3 == p { print $1 "/" $2 }')
  if [ -n "$owner" ] && [ "$owner" != "$VERSION/$cluster" ]; then
    die "port $port is used by cluster $owner (set REPLICA_PRIMARY_PORT / REPLICA_STANDBY_PORT)"
  fi
}

trust_hba() {  # the test clusters trust local connections and replication from this machine
  cat > "$ETC/$1/pg_hba.conf" <<HBA
# Written by scripts/replica.sh: a throw-away test cluster, trusted from this machine only.
local   all           all                    trust
host    all           all     127.0.0.1/32   trust
host    all           all     ::1/128        trust
local   replication   all                    trust
host    replication   all     127.0.0.1/32   trust
host    replication   all     ::1/128        trust
HBA
  chown postgres:postgres "$ETC/$1/pg_hba.conf"
}

replica_conf() {  # settings both clusters share, in the cluster's conf.d (read by postgresql.conf)
  mkdir -p "$ETC/$1/conf.d"
  cat > "$ETC/$1/conf.d/replica.conf" <<CONF
# Written by scripts/replica.sh
listen_addresses = '127.0.0.1'
wal_level = replica
max_wal_senders = 10
max_replication_slots = 10
wal_keep_size = '256MB'
hot_standby = on
hot_standby_feedback = on
max_connections = 100
fsync = off
synchronous_commit = off
CONF
  chown -R postgres:postgres "$ETC/$1/conf.d"
}

make_primary() {
  check_port_free "$PRIMARY_PORT" "$PRIMARY"
  if [ -z "$(status_of "$PRIMARY")" ]; then
    say "creating the primary cluster $VERSION/$PRIMARY on port $PRIMARY_PORT"
    pg_createcluster "$VERSION" "$PRIMARY" -p "$PRIMARY_PORT" --start-conf=manual >/dev/null
    trust_hba "$PRIMARY"
    replica_conf "$PRIMARY"
  fi
  [ "$(port_of "$PRIMARY")" = "$PRIMARY_PORT" ] || die "cluster $VERSION/$PRIMARY is not on port $PRIMARY_PORT"
  if ! is_online "$PRIMARY"; then
    say "starting $VERSION/$PRIMARY"
    pg_ctlcluster "$VERSION" "$PRIMARY" start
  fi
}

standby_is_sound() {  # made by pg_basebackup -R: a copy of the primary that will stream from it
  local data
  data=$(data_of "$STANDBY")
  [ -n "$data" ] && [ -f "$data/PG_VERSION" ] && [ -f "$data/standby.signal" ]
}

make_standby() {
  check_port_free "$STANDBY_PORT" "$STANDBY"
  if [ -n "$(status_of "$STANDBY")" ] && ! standby_is_sound; then
    say "the standby $VERSION/$STANDBY is half made: dropping it to make it again"
    pg_dropcluster --stop "$VERSION" "$STANDBY"
  fi
  if [ -z "$(status_of "$STANDBY")" ] && [ -d "$ETC/$STANDBY" ]; then
    rm -rf "${ETC:?}/$STANDBY"  # the configuration left by a failed attempt, without its data
  fi
  if [ -z "$(status_of "$STANDBY")" ]; then
    say "creating the standby cluster $VERSION/$STANDBY on port $STANDBY_PORT from the primary (pg_basebackup -R)"
    pg_createcluster "$VERSION" "$STANDBY" -p "$STANDBY_PORT" --start-conf=manual >/dev/null
    trust_hba "$STANDBY"
    replica_conf "$STANDBY"
    local data
    data=$(data_of "$STANDBY")
    find "$data" -mindepth 1 -delete  # pg_basebackup fills an empty directory the postgres user owns
    if ! as_postgres "$BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$data" -R -X stream -c fast; then
      pg_dropcluster "$VERSION" "$STANDBY" || rm -rf "${ETC:?}/$STANDBY" "$data"
      die "pg_basebackup from the primary on $PRIMARY_PORT failed"
    fi
  fi
  if ! is_online "$STANDBY"; then
    say "starting $VERSION/$STANDBY"
    pg_ctlcluster "$VERSION" "$STANDBY" start
  fi
}

wait_streaming() {  # bounded: the standby connects to the primary within seconds
  local state=""
  for _ in $(seq 1 60); do
    state=$(as_postgres psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -Atc \
      "SELECT state FROM pg_stat_replication WHERE state = 'streaming' LIMIT 1" 2>/dev/null || true)
    [ "$state" = "streaming" ] && break
    sleep 0.5
  done
  [ "$state" = "streaming" ] || die "the standby on $STANDBY_PORT is not streaming from the primary (see /var/log/postgresql/)"
  local recovery
  recovery=$(as_postgres psql -h 127.0.0.1 -p "$STANDBY_PORT" -U postgres -Atc "SELECT pg_is_in_recovery()")
  [ "$recovery" = "t" ] || die "the cluster on $STANDBY_PORT is not a standby"
}

start() {
  preflight
  if is_online "$PRIMARY" && is_online "$STANDBY" && standby_is_sound; then
    say "primary on $PRIMARY_PORT and standby on $STANDBY_PORT already running"
    return 0
  fi
  make_primary
  make_standby
  wait_streaming
  say "primary postgres://postgres@127.0.0.1:$PRIMARY_PORT, standby postgres://postgres@127.0.0.1:$STANDBY_PORT (streaming)"
}

stop() {
  preflight
  for cluster in "$STANDBY" "$PRIMARY"; do
    if is_online "$cluster"; then
      say "stopping $VERSION/$cluster"
      pg_ctlcluster "$VERSION" "$cluster" stop
    fi
  done
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) pg_lsclusters | awk -v p="$PRIMARY" -v s="$STANDBY" 'NR == 1 || $2 == p || $2 == s' ;;
  *) die "usage: $0 [start|stop|status]" ;;
esac

#!/usr/bin/env bash
# Starts or stops a throw-away PostgreSQL 15 server for the tests.
#
#   postgres.sh start STATE_DIR   initdb in a fresh temporary folder, start on a
#                                 free loopback port, write STATE_DIR/url and
#                                 STATE_DIR/pid
#   postgres.sh restart STATE_DIR restart it (fast: every connection is cut),
#                                 same port and data; STATE_DIR/pid updated
#   postgres.sh stop STATE_DIR    stop that server by its PID, remove its folder
#
# As root the server runs as user postgres (initdb refuses root). Fast but
# unsafe settings (fsync off): this server holds test data only.
set -euo pipefail

cmd=${1:?usage: postgres.sh start|restart|stop STATE_DIR}
state=${2:?usage: postgres.sh start|restart|stop STATE_DIR}
mkdir -p "$state"

pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$pgbin" ] || [ ! -x "$pgbin/initdb" ]; then
  echo "postgres.sh: PostgreSQL server binaries not found; run scripts/install-deps" >&2
  exit 1
fi

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop() {
  [ -f "$state/pid" ] || return 0
  local pid datadir
  pid=$(cat "$state/pid")
  datadir=$(cat "$state/datadir" 2>/dev/null || true)
  if kill -0 "$pid" 2>/dev/null; then
    kill -INT "$pid" 2>/dev/null || true   # fast shutdown
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  [ -n "$datadir" ] && rm -rf "$(dirname "$datadir")"
  rm -f "$state/pid" "$state/url" "$state/datadir"
}

free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

case "$cmd" in
  start)
    stop
    base=$(mktemp -d /tmp/schoolbieb-pg.XXXXXX)
    datadir="$base/data"
    mkdir -p "$datadir"
    if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$base"; fi
    chmod 700 "$base"
    as_pg "$pgbin/initdb" -D "$datadir" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
      >"$state/initdb.log" 2>&1 || { cat "$state/initdb.log" >&2; exit 1; }
    echo "$datadir" >"$state/datadir"
    for attempt in 1 2 3 4 5; do
      port=$(free_port)
      if as_pg "$pgbin/pg_ctl" -D "$datadir" -l "$base/server.log" -w -t 30 start \
          -o "-p $port -k $datadir -c listen_addresses=127.0.0.1 -c fsync=off \
              -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
          >/dev/null 2>&1; then
        head -n 1 "$datadir/postmaster.pid" >"$state/pid"
        echo "postgresql://postgres@127.0.0.1:$port/postgres" >"$state/url"
        echo "PostgreSQL test server started on 127.0.0.1:$port (pid $(cat "$state/pid"))"
        exit 0
      fi
    done
    cat "$base/server.log" >&2 || true
    echo "postgres.sh: could not start PostgreSQL" >&2
    exit 1
    ;;
  restart)
    datadir=$(cat "$state/datadir")
    as_pg "$pgbin/pg_ctl" -D "$datadir" -l "$(dirname "$datadir")/server.log" \
      -m fast -w -t 30 restart >/dev/null 2>&1
    head -n 1 "$datadir/postmaster.pid" >"$state/pid"
    echo "PostgreSQL test server restarted (pid $(cat "$state/pid"))"
    ;;
  stop)
    stop
    echo "PostgreSQL test server stopped"
    ;;
  *)
    echo "usage: postgres.sh start|restart|stop STATE_DIR" >&2
    exit 2
    ;;
esac

#!/usr/bin/env bash
# Start a throwaway local PostgreSQL for the optional store tests and print its URL on stdout.
#   export FLASHPOINT_TEST_PG_URL=$(.ci/postgres.sh) && .venv/bin/pytest -m postgres tests/store
# Installs the server with apt-get when no initdb is found (needs root). The cluster lives in
# ${FLASHPOINT_PG_DIR:-/tmp/flashpoint-pg} and listens on ${FLASHPOINT_PG_PORT:-54329} (localhost only);
# stop it with: bash .ci/postgres.sh stop. FLASHPOINT_PG_INSTALL=0: never apt-get (make pytest sets it).
set -euo pipefail
dir=${FLASHPOINT_PG_DIR:-/tmp/flashpoint-pg}
port=${FLASHPOINT_PG_PORT:-54329}
db=flashpoint_test

find_bin() {
  # prefer the Debian layout (every server tool in one folder), else wherever initdb and psql are on PATH
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -z $found ]] && command -v initdb >/dev/null && command -v psql >/dev/null &&
     [[ $(dirname "$(command -v initdb)") == $(dirname "$(command -v psql)") ]]; then
    found=$(command -v initdb)
  fi
  [[ -n $found ]] && dirname "$found"
}

bin=$(find_bin || true)
if [[ -z ${bin:-} ]] && [[ ${FLASHPOINT_PG_INSTALL:-1} == 0 ]]; then
  echo "no PostgreSQL server binaries (initdb) found, and installing is off (FLASHPOINT_PG_INSTALL=0)" >&2
  exit 1
fi
if [[ -z ${bin:-} ]]; then
  echo "installing postgresql with apt-get" >&2
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  bin=$(find_bin)
fi

# PostgreSQL refuses to run as root: run the cluster as the 'postgres' system user when we are root.
run() {
  if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir "$dir" postgres
    su postgres -s /bin/bash -c "$*"
  else
    bash -c "$*"
  fi
}

if [[ ${1:-} == stop ]]; then  # stop the cluster this script started (make pytest does, when it started it)
  run "'$bin/pg_ctl' -D '$dir/data' -m fast stop" >&2
  exit $?
fi

mkdir -p "$dir"
[[ $(id -u) -eq 0 ]] && { id postgres >/dev/null 2>&1 || useradd --system --home-dir "$dir" postgres; chown postgres "$dir"; }
if [[ ! -f $dir/data/PG_VERSION ]]; then
  run "'$bin/initdb' -D '$dir/data' -U postgres --auth=trust -E UTF8" >&2
fi
if ! run "'$bin/pg_ctl' -D '$dir/data' status" >/dev/null 2>&1; then
  run "'$bin/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -o \"-p $port -k '$dir' -c listen_addresses=localhost\" start" >&2
fi
run "'$bin/psql' -h localhost -p $port -U postgres -tAc \"SELECT 1 FROM pg_database WHERE datname='$db'\"" | grep -q 1 ||
  run "'$bin/createdb' -h localhost -p $port -U postgres $db" >&2
echo "postgresql+psycopg://postgres@localhost:$port/$db"

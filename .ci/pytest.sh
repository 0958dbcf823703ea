#!/usr/bin/env bash
# `make pytest`: the suite with coverage, and the PostgreSQL tests against a real server whenever one can be
# started here (an existing FLASHPOINT_TEST_PG_URL, else a throwaway local cluster via .ci/postgres.sh, which
# installs nothing unless FLASHPOINT_PG_INSTALL=1). When they cannot run, it says so loudly. A cluster this
# script started is stopped again at the end.
set -uo pipefail
cd "$(dirname "$0")/.."
bin=${BIN:-.venv/bin}
# One throwaway cluster per checkout (folder and port from its path), so that two checkouts testing at the same
# time neither share a database nor stop each other's server when the first run ends.
key=$(pwd -P | cksum | cut -d' ' -f1)
export FLASHPOINT_PG_DIR=${FLASHPOINT_PG_DIR:-/tmp/flashpoint-pg-$key}
export FLASHPOINT_PG_PORT=${FLASHPOINT_PG_PORT:-$((54330 + key % 1000))}
dir=$FLASHPOINT_PG_DIR
started=""
if [[ -z ${FLASHPOINT_TEST_PG_URL:-} ]]; then
  running_before=$([[ -f $dir/data/postmaster.pid ]] && echo yes || true)
  if url=$(FLASHPOINT_PG_INSTALL=${FLASHPOINT_PG_INSTALL:-0} bash .ci/postgres.sh 2>.pytest-postgres.log); then
    export FLASHPOINT_TEST_PG_URL=$url
    [[ -z $running_before ]] && started=yes
  fi
fi
if [[ -n ${FLASHPOINT_TEST_PG_URL:-} ]]; then
  echo "PostgreSQL tests run against $FLASHPOINT_TEST_PG_URL"
else
  echo "############################################################################################"
  echo "# PostgreSQL could not be started: the postgres-marked tests are SKIPPED (.pytest-postgres.log)"
  echo "############################################################################################"
fi
"$bin/pytest" --cov=flashpoint --cov-report=term:skip-covered "$@"
status=$?
if [[ -n $started ]]; then
  bash .ci/postgres.sh stop >/dev/null 2>&1 || true
fi
if [[ -z ${FLASHPOINT_TEST_PG_URL:-} ]]; then
  echo "### reminder: the PostgreSQL tests were SKIPPED (no server could be started) ###"
fi
exit $status

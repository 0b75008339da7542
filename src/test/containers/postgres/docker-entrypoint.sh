#!/bin/bash
# The part of the official postgres image's entrypoint that the chart's sidecar uses: initialise an empty PGDATA
# from POSTGRES_USER / POSTGRES_PASSWORD / POSTGRES_DB, then run the server in the foreground as PID 1.
set -Eeuo pipefail

if [ "${1:-}" = postgres ]; then
    shift
elif [ $# -gt 0 ] && [ "${1:0:1}" != "-" ]; then
    exec "$@"    # like the official image: another command runs as given
fi

: "${POSTGRES_PASSWORD:?is required: the superuser needs a password for TCP connections (as in the official image)}"
POSTGRES_USER="${POSTGRES_USER:-postgres}"
POSTGRES_DB="${POSTGRES_DB:-$POSTGRES_USER}"
export PGDATA="${PGDATA:-/var/lib/postgresql/data}"

if [ ! -s "$PGDATA/PG_VERSION" ]; then
    mkdir -p "$PGDATA"
    chmod 700 "$PGDATA"
    # local (Unix socket) connections are trusted inside the pod, TCP ones need the password, as in the official image
    initdb --username="$POSTGRES_USER" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") \
        --encoding=UTF8 --locale=C.UTF-8 --auth-local=trust --auth-host=scram-sha-256 >/dev/null
    printf 'host all all all scram-sha-256\n' >> "$PGDATA/pg_hba.conf"
    if [ "$POSTGRES_DB" != postgres ]; then
        # single-user mode: no server, no socket, no client needed to create the database
        printf 'CREATE DATABASE "%s";\n' "${POSTGRES_DB//\"/\"\"}" \
            | postgres --single -j -D "$PGDATA" postgres >/dev/null
    fi
    echo "PostgreSQL init process complete; ready for start up."
fi

exec postgres -c unix_socket_directories=/var/run/postgresql "$@"

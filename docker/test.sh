#!/usr/bin/env bash
# End-to-end test of the team server (a program, not part of `mvn verify`): PostgreSQL + dashboard +
# 2 stateless workers under docker compose; a demo sweep queued from a one-shot container; checks,
# from the database, that every trial ran exactly once and every feature set was extracted once;
# fetches the sweep's dashboard page; tears everything down. The last line is the summary.
#
# No image is pulled: the bases are made from Debian packages (debootstrap + docker import: Java 17
# runtime and PostgreSQL), cached as memefusion-test/debian-base:bookworm (REBUILD_BASE=1 remakes it).
# BERT: the containers have no internet, so the one-shot container gets an installed
# bert-base-uncased folder from the host (BERT_DIR, default: installed on the host with
# `./memefusion models install`, from ~/.m2 or Maven Central) and copies it into its home volume.
#
# Usage: bash docker/test.sh        (as root, or a user in the docker group; dockerd running)
# Env:   SEEDS (2), DASHBOARD_PORT (17070), BERT_DIR, REBUILD_BASE, SKIP_PACKAGE, WORK (temp folder)
set -euo pipefail
t0=$(date +%s)
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
work="${WORK:-$(mktemp -d /tmp/memefusion-docker-test.XXXXXX)}"
mkdir -p "$work"
base=memefusion-test/debian-base:bookworm
project=mftest$$
port="${DASHBOARD_PORT:-17070}"
seeds="${SEEDS:-2}"
say() { printf '[docker/test.sh %4ds] %s\n' "$(($(date +%s) - t0))" "$*"; }
fail() {
  say "FAIL: $*"
  echo "docker test: FAIL ($*) seconds=$(($(date +%s) - t0))"
  exit 1
}

command -v docker >/dev/null && command -v docker-compose >/dev/null || fail "docker and docker-compose are needed"
docker info >/dev/null 2>&1 || fail "dockerd is not running (start it: dockerd &)"

# 1. the jars (the image copies them; no Maven inside docker)
if [[ -z "${SKIP_PACKAGE:-}" ]]; then
  say "mvn package"
  mvn -B -q -DskipTests package
fi
ls dashboard/target/memefusion-dashboard-*.jar >/dev/null 2>&1 || fail "no jar: run mvn -B -DskipTests package"

# 2. base images from Debian packages
if [[ -n "${REBUILD_BASE:-}" ]] || ! docker image inspect "$base" >/dev/null 2>&1; then
  command -v debootstrap >/dev/null || fail "debootstrap is needed (apt-get install debootstrap)"
  say "debootstrap bookworm (Java 17 runtime, PostgreSQL) -> $base (slow once, then cached)"
  rootfs="$work/rootfs"
  debootstrap --variant=minbase \
    --include=openjdk-17-jre-headless,postgresql,ca-certificates,curl \
    bookworm "$rootfs" http://deb.debian.org/debian >"$work/debootstrap.log" 2>&1 \
    || fail "debootstrap failed (log: $work/debootstrap.log)"
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | docker import - "$base" >/dev/null
  rm -rf "$rootfs"
fi
say "postgres image from $base"
docker build -q -t memefusion-test/postgres:latest --build-arg BASE="$base" \
  -f docker/test/postgres.Dockerfile docker/test >/dev/null

# 3. the model for the one-shot container
bert="${BERT_DIR:-}"
if [[ -z "$bert" ]]; then
  bert="$work/host-home/models/bert-base-uncased"
  if [[ ! -f "$bert/saved_model.pb" ]]; then
    say "installing bert-base-uncased on the host (from ~/.m2 or Maven Central)"
    ./memefusion models install bert-base-uncased --home "$work/host-home" >"$work/install.log" 2>&1 \
      || fail "cannot install BERT on the host (log: $work/install.log)"
  fi
fi
[[ -f "$bert/saved_model.pb" ]] || fail "no SavedModel in BERT_DIR=$bert"
say "copying BERT ($bert) for the one-shot container"
rm -rf "$work/bert" && cp -r "$bert" "$work/bert" && chmod -R a+rX "$work/bert"

# 4. compose: a fresh password in an env file (owner-only), none committed
env_file="$work/env"
( umask 077; printf 'POSTGRES_PASSWORD=%s\n' "$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')" >"$env_file" )
export RUNTIME_IMAGE="$base" POSTGRES_IMAGE=memefusion-test/postgres:latest DASHBOARD_PORT="$port"
export MEMEFUSION_IMAGE="memefusion-test/app:$project"
dc() { docker-compose -p "$project" --env-file "$env_file" -f docker/compose.yaml "$@"; }
cleanup() {
  dc logs --no-color >"$work/compose.log" 2>&1 || true
  dc --profile sweep down -v --remove-orphans >/dev/null 2>&1 || true
  docker image rm "$MEMEFUSION_IMAGE" >/dev/null 2>&1 || true
}
trap cleanup EXIT
psql() { dc exec -T postgres psql -U memefusion -d memefusion -tAq -c "$1"; }

say "docker-compose build"
dc build -q dashboard >/dev/null
say "docker-compose up: postgres, dashboard, 2 workers"
dc up -d --scale worker=2 postgres dashboard worker >"$work/up.log" 2>&1 || fail "compose up (log: $work/up.log)"
for _ in $(seq 1 120); do
  [[ "$(docker inspect -f '{{.State.Health.Status}}' "$(dc ps -q dashboard)" 2>/dev/null)" == healthy ]] && break
  sleep 2
done
[[ "$(docker inspect -f '{{.State.Health.Status}}' "$(dc ps -q dashboard)")" == healthy ]] || fail "dashboard not healthy"
workers=$(dc ps -q worker | wc -l)
[[ "$workers" == 2 ]] || fail "$workers workers running, expected 2"

say "one-shot container: demo data, features (BERT + random ResNet-18), sweep queued"
dc run --rm -T -v "$work/bert:/opt/bert-base-uncased:ro" --entrypoint bash sweep -c '
  set -e
  m=$MEMEFUSION_HOME/models/bert-base-uncased
  [ -f "$m/saved_model.pb" ] || { mkdir -p "$(dirname "$m")"; cp -r /opt/bert-base-uncased "$m"; }
  exec java -cp "/opt/memefusion/memefusion.jar:/opt/memefusion/lib/*" io.memefusion.cli.Main \
    sweep start --demo --no-run --seeds '"$seeds"'
' >"$work/start.log" 2>&1 || { tail -5 "$work/start.log"; fail "sweep start (log: $work/start.log)"; }
id=$(sed -n 's/^sweep \([0-9]*\) .*/\1/p' "$work/start.log" | head -n 1)
[[ -n "$id" ]] || fail "no sweep id in $work/start.log"
total=$(psql "SELECT count(*) FROM trial WHERE sweep_id = $id")
say "sweep $id: $total trials queued; waiting for the workers"

status=""
for _ in $(seq 1 900); do
  status=$(psql "SELECT status FROM sweep WHERE id = $id")
  [[ "$status" == done || "$status" == failed ]] && break
  sleep 2
done
[[ "$status" == done ]] || fail "sweep $id is '$status'"

done_once=$(psql "SELECT count(*) FROM trial WHERE sweep_id = $id AND status = 'done' AND attempts = 1")
by_worker=$(psql "SELECT string_agg(n::text, '+' ORDER BY n DESC) FROM (SELECT count(*) AS n FROM trial WHERE sweep_id = $id GROUP BY worker_host) w")
sets=$(psql "SELECT count(*) FROM sweep_feature_set WHERE sweep_id = $id")
extracted=$(psql "SELECT count(*) FROM feature_extraction e JOIN sweep_feature_set p ON p.cache_key = e.cache_key WHERE p.sweep_id = $id")
db_bytes=$(psql "SELECT pg_database_size('memefusion')")
chunk_bytes=$(psql "SELECT pg_total_relation_size('feature_chunk')")
say "trials done exactly once: $done_once of $total (per worker container: $by_worker)"
say "feature sets: $sets, extractions: $extracted; feature_chunk $chunk_bytes bytes, database $db_bytes bytes"
[[ "$done_once" == "$total" ]] || fail "$done_once of $total trials done exactly once"
[[ "$by_worker" == *+* ]] || fail "one worker ran every trial ($by_worker)"
[[ "$sets" -gt 0 && "$extracted" == "$sets" ]] || fail "$extracted extractions for $sets feature sets"

page="$work/sweep-$id.html"
code=$(curl -s -o "$page" -w '%{http_code}' "http://127.0.0.1:$port/sweeps/$id")
[[ "$code" == 200 ]] || fail "dashboard /sweeps/$id answered $code"
grep -q "early_fusion" "$page" || fail "the dashboard page of sweep $id has no results table"
say "dashboard http://127.0.0.1:$port/sweeps/$id: $code, $(wc -c <"$page") bytes"

trap - EXIT
cleanup
say "torn down (logs: $work)"
echo "docker test: PASS sweep=$id trials=$done_once/$total once workers=$workers($by_worker) feature_sets=$sets extractions=$extracted dashboard=$code seconds=$(($(date +%s) - t0))"

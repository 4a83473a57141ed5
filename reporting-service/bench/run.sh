#!/usr/bin/env bash
# The benchmarks of reporting-service; results under reporting-service/target/benchmarks/.
#   bench/run.sh freshness [rate=2000 seconds=60 warmup=15 baseline=30 connections=32 pollMs=10 probeGapMs=100
#                           probeTimeoutMs=10000]
#       issue 10 A: a coverage or tracking event sent through assignment-service → visible in
#       GET /v1/experiments/{id}/results, p50/p99/max, with no load (the baseline) and while assignment-service takes
#       `rate` POST /v1/assign per second (open loop); exit status 2 when the goal (loaded p99 ≤ 1 s) is missed.
#   load=assign (default): the load is plain POST /v1/assign of new sessions (test-support's open loop).
#   load=simulator: the load is the simulator's realistic storefront traffic (`simulator load`, simulator/README.md):
#       sessions of the default shop, each page an assign, a coverage when it renders, its events (page views,
#       add-to-cart, orders); then `rate` is storefront PAGES per second (1-3 requests each, about 2 on average),
#       open loop, at most `connections` in flight; its figures land in target/benchmarks/freshness-simulator-load.json.
# The whole platform runs for it: by default this script starts it (EP_SKIP_BUILD=1 ./platform start) in a temporary
# data dir on the platform's fixed ports (8080-8084, 9092, 54329: they must be free) and stops it at the end.
# EP_BENCH_PLATFORM=running uses a platform that already runs there instead (its data stays).
# EP_SKIP_BUILD=1 skips the build (the jars and target/bench-classpath.txt must exist).
#   bench/run.sh throughput [sessions=20000 partitions=6 commitMs=100 cacheBytes=10485760 timeoutSeconds=600]
#       in-process: pre-produced input records on test-support's embedded broker and registry, processed by a
#       baseline (Avro decode + re-key, then to() one topic, exactly-once) and by the reporting topology until every
#       arm is published with its exact totals; records/s of each and the ratio. Builds reporting-service and the
#       modules it needs (EP_SKIP_BUILD=1: no build).
#   bench/run.sh sweep [units=200000 minutes=5 rate=20 ticks=20 rounds=2]
#       in-process (TopologyTestDriver, RocksDB): the units' sweep with `units` assigned-only units in the store while
#       `rate` new sessions a second arrive for `minutes` of stream time; stream-thread CPU-seconds and units read per
#       pass of the due-index sweep against full passes (forced by a configuration change each period), same run.
# Needs: Java 17.
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-freshness}"; shift || true
if [[ "$what" == throughput || "$what" == sweep ]]; then
  if [[ "${EP_SKIP_BUILD:-0}" != 1 ]]; then
    ../mvnw -B -q -f ../pom.xml -pl reporting-service -am package dependency:build-classpath -DskipTests \
      -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
  fi
  mkdir -p target/benchmarks
  main=dev.ep.reporting.stream.ThroughputBenchmark
  [[ "$what" == sweep ]] && main=dev.ep.reporting.stream.SweepBenchmark
  exec java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" "$main" "$@"
fi
if [[ "$what" != freshness ]]; then
  echo "usage: bench/run.sh freshness|throughput|sweep [name=value ...]" >&2
  exit 64
fi
if [[ "${EP_SKIP_BUILD:-0}" != 1 ]]; then
  # One reactor build of every module: the platform runs every service's jar, and the classpath names the modules
  # just built, never older copies installed in ~/.m2 (it works on a fresh clone where none are installed).
  ../mvnw -B -q -f ../pom.xml package dependency:build-classpath -DskipTests \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
fi
CP="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
mkdir -p target/benchmarks

data_dir=
platform_pid=
stop_platform() {
  if [[ -n "$data_dir" ]]; then
    echo "Stopping the platform (data dir $data_dir)"
    EP_DATA_DIR="$data_dir" ../platform stop >/dev/null || true
    [[ -n "$platform_pid" ]] && wait "$platform_pid" 2>/dev/null || true
    rm -rf target/benchmarks/freshness-logs
    cp -r "$data_dir/logs" target/benchmarks/freshness-logs 2>/dev/null || true
    rm -rf "$data_dir"
  fi
}
if [[ "${EP_BENCH_PLATFORM:-start}" != running ]]; then
  data_dir=$(mktemp -d -t ep-freshness-XXXXXX)
  trap stop_platform EXIT
  # the services' logs are kept in target/benchmarks/freshness-logs/ at the end
  echo "Starting the platform in $data_dir (log: target/benchmarks/freshness-platform.log)"
  # a busy machine starts four Spring Boot services slowly: a longer stage timeout than the launcher's 180 s
  EP_START_TIMEOUT_SECONDS=${EP_START_TIMEOUT_SECONDS:-900} EP_SKIP_BUILD=1 EP_DATA_DIR="$data_dir" ../platform start >target/benchmarks/freshness-platform.log 2>&1 &
  platform_pid=$!
  until grep -q "Platform is up" target/benchmarks/freshness-platform.log 2>/dev/null; do
    if ! kill -0 "$platform_pid" 2>/dev/null; then
      echo "The platform did not start:" >&2
      tail -40 target/benchmarks/freshness-platform.log >&2
      exit 1
    fi
    sleep 2
  done
  echo "Platform is up"
fi
args=()
load=assign
rate=2000; seconds=60; warmup=15; connections=32; assignment=http://127.0.0.1:8080; config=http://127.0.0.1:8082
for arg in "$@"; do
  case "$arg" in
    load=*) load=${arg#load=} ;;
    *) args+=("$arg")
       case "$arg" in
         rate=*) rate=${arg#rate=} ;; seconds=*) seconds=${arg#seconds=} ;; warmup=*) warmup=${arg#warmup=} ;;
         connections=*) connections=${arg#connections=} ;; assignment=*) assignment=${arg#assignment=} ;;
         config=*) config=${arg#config=} ;;
       esac ;;
  esac
done
case "$load" in
  assign) ;;
  simulator)
    jar=../simulator/target/simulator-0.1.0-SNAPSHOT.jar
    [[ -f "$jar" ]] || { echo "load=simulator needs $jar (run without EP_SKIP_BUILD=1)" >&2; exit 64; }
    json=target/benchmarks/freshness-simulator-load.json
    rm -f "$json"
    args+=("loadJson=$json"
      "loadCommand=java -Xmx512m -jar $jar load --rate $rate --seconds $((warmup + seconds)) --connections $connections --assignment $assignment --config $config --json $json") ;;
  *) echo "load: assign or simulator, got '$load'" >&2; exit 64 ;;
esac
status=0
java -Xmx512m -cp "$CP" dev.ep.reporting.bench.FreshnessBenchmark "${args[@]}" || status=$?
exit "$status"

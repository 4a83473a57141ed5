#!/usr/bin/env bash
# Runs both benchmarks of assignment-service and writes their results under assignment-service/target/benchmarks/.
#   bench/run.sh            JMH (in-process assignment cost) + HTTP (open loop at 2,000 req/s + max throughput)
#   bench/run.sh jmh        JMH only
#   bench/run.sh codec      JMH: one storefront request's JSON (body decoded, answer encoded) per endpoint, Spring's
#                           generic Jackson codecs against the service's own (CodecBenchmark, -prof gc). Not in "all".
#   bench/run.sh http [rate=2000 seconds=30 warmup=15 throughputSeconds=15 connections=32]
#   bench/run.sh outage [rate=500 connections=16 warmup=40 baseline=60 outage=45 recovery=45]
#       the storefront SLA through a Kafka outage: a broker process killed (SIGKILL) and restarted under open-loop
#       load; p99.9 with no fault vs while the broker is down (and while it restarts, and recovery), errors, and every
#       event read back from Kafka exactly once
#       (exit status 2 when the goal is missed). Not part of "all".
#   bench/run.sh floors [rate=2000 seconds=30 runs=3 pin=both targets=tomcat,tomcat-virtual,jetty,webflux,service ...]
#       issue 13: the static-JSON floors of the candidate web stacks (bench/floors, one JVM each) and the service, side
#       by side, each publishing one event per request to a broker process; open loop (16 connections, generator
#       unpinned and pinned to core 1), median of the runs, load average, per-process CPU, GC pauses; wrk throughput.
#       Not part of "all". Arguments: see FloorsBenchmark's Javadoc.
#   bench/run.sh curve [runs=3 pin=unpinned seconds=30 ...]
#       issue 13's cost curve over HTTP: the floors benchmark with targets=webflux,service once per configuration size
#       (10, 100 and 1,000 experiments in 10, 10 and 100 layers), each size with its own broker and its own WebFlux
#       floor measured in the same run; results in target/benchmarks/curve-<experiments>/. Not part of "all".
#   bench/run.sh swap [rate=2000 seconds=30 runs=3 experiments=1000 changeEveryMs=1000 ...]
#       issue 13's snapshot swaps: open loop against the 1,000-experiment configuration, windows with a config change
#       every second (a new snapshot swapped in each second) against windows without, alternating. Not part of "all".
#   bench/run.sh memory [minutes=10 rate=2000 liveEvery=60 ...]
#       issue 13's memory goal: a long open-loop run with a GC log; old-generation occupancy after each GC, its
#       least-squares slope and 95% interval, the verdict. Not part of "all".
# Needs: Java 17, and for the throughput part `wrk` (apt-get install -y wrk); without it a closed-loop Java client is used.
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"; shift || true
# One reactor build: the classpath names the modules just built (schemas, targeting, ...), never older copies
# installed in ~/.m2, and it works on a fresh clone where none are installed.
../mvnw -B -q -f ../pom.xml -pl assignment-service -am package dependency:build-classpath -DskipTests \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
CP="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
mkdir -p target/benchmarks
if [[ "$what" == all || "$what" == jmh ]]; then
  java -cp "$CP" org.openjdk.jmh.Main AssignBenchmark -prof gc -rf json -rff target/benchmarks/jmh-results.json \
    | tee target/benchmarks/jmh-results.txt
fi
if [[ "$what" == codec ]]; then
  java -cp "$CP" org.openjdk.jmh.Main CodecBenchmark -prof gc -rf json -rff target/benchmarks/codec-results.json "$@" \
    | tee target/benchmarks/codec-results.txt
fi
if [[ "$what" == all || "$what" == http ]]; then
  java -Xmx1g -cp "$CP" dev.ep.assignment.bench.HttpLoadBenchmark "$@"
fi
if [[ "$what" == floors ]]; then
  # the floors project: every web stack as a dependency, each floor JVM gets one stack's classpath (FloorTarget)
  ../mvnw -B -q -f bench/floors/pom.xml package dependency:build-classpath -DskipTests \
    -Dmdep.outputFile=target/cp.txt >/dev/null
  java -Xmx1g -cp "$CP" dev.ep.assignment.bench.FloorsBenchmark "$@"
fi
if [[ "$what" == curve ]]; then
  ../mvnw -B -q -f bench/floors/pom.xml package dependency:build-classpath -DskipTests \
    -Dmdep.outputFile=target/cp.txt >/dev/null
  for experiments in 10 100 1000; do
    java -Xmx1g -cp "$CP" dev.ep.assignment.bench.FloorsBenchmark targets=webflux,service pin=unpinned \
      experiments="$experiments" out="target/benchmarks/curve-$experiments" "$@"
  done
  cat target/benchmarks/curve-*/floors-results.md
fi
if [[ "$what" == swap ]]; then
  java -Xmx1g -cp "$CP" dev.ep.assignment.bench.SwapBenchmark "$@"
fi
if [[ "$what" == memory ]]; then
  if [[ "${1:-}" =~ ^[0-9]+$ ]]; then minutes="$1"; shift; set -- "minutes=$minutes" "$@"; fi
  java -Xmx1g -cp "$CP" dev.ep.assignment.bench.MemoryBenchmark "$@"
fi
if [[ "$what" == outage ]]; then
  java -Xmx1g -cp "$CP" dev.ep.assignment.bench.BrokerOutageBenchmark "$@"
fi

#!/usr/bin/env bash
# Issue 11 §5, the statistical validation as its own command: no HTTP, no platform. Simulates seeded A/A and
# planted-effect experiments, analyses them with the statistics core and checks the rates against binomial bands.
# Prints a Markdown table; exit code 0 only when every check passes. Options: --help (simulator/README.md).
#   simulator/statistical-validation.sh --experiments 10000 --seed 1 --output target/statistical-validation.md
# MAVEN_ARGS="-o" runs Maven offline once ~/.m2 holds everything.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q ${MAVEN_ARGS:-} -pl simulator -am compile dependency:build-classpath \
  -Dmdep.outputFile=target/runtime-classpath.txt -Dmdep.includeScope=runtime
exec java -cp "simulator/target/classes:$(cat simulator/target/runtime-classpath.txt)" \
  dev.ep.simulator.statistical.StatisticalValidation "$@"

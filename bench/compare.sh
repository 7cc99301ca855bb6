#!/bin/sh
# Runs rnd4j's bench and its PyTorch twin one after the other on this machine and prints both RESULT lines.
# Needs the rnd4j build (mvn -B -q -DskipTests package) and Debian's python3-torch (apt-get install python3-torch).
set -e
cd "$(dirname "$0")/.."
THREADS=${THREADS:-2}
echo "== rnd4j ($(nproc) cores, threads $THREADS)"
./rnd4j bench --threads "$THREADS" "$@" | tee /tmp/rnd4j-bench.txt
echo "== PyTorch"
/usr/bin/python3 bench/pytorch_bench.py --threads "$THREADS" "$@" | tee /tmp/torch-bench.txt
echo "== side by side"
grep RESULT /tmp/rnd4j-bench.txt | sed 's/^/rnd4j   /'
grep RESULT /tmp/torch-bench.txt | sed 's/^/pytorch /'

#!/usr/bin/env bash
# Run by Maven's package phase after the jar is shaded: puts the launcher beside the jar and records
# two class-data sharing archives from training runs, so later runs start faster:
# - openai-ft.jsa from 'demo' on its embedded sandbox (API client, follow, report and archive index
#   in one run): against an archive trained on 'report' alone it took 'jobs get' from 2.2 to 1.5 s
#   CPU, the report the same;
# - openai-ft-report.jsa from reports of local files only (a Trainer run, its JSON-lines log, the
#   demo's result file), in one JVM (dev.openaift.ClassDataTraining). The launcher maps it for
#   'report' of local files: it is half the size, and a run touches nearly every page of the archive
#   it maps (a 1,000-step Trainer report: 122 -> 101 MiB peak, measured 2026-12-07).
# The Trainer inputs are the test fixtures (src/test/resources/trainer), read only.
# Usage: build-launcher.sh JAVA TARGET_DIR
set -euo pipefail
java=$1
target=$2
cp src/main/sh/openai-ft "$target/openai-ft"
chmod +x "$target/openai-ft"
rm -f "$target/openai-ft.jsa"
rm -rf "$target/cds-training"
if ! "$java" -XX:ArchiveClassesAtExit="$target/openai-ft.jsa" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
    -jar "$target/openai-ft.jar" demo --step-delay-ms 1 --no-progress \
    --reports-dir "$target/cds-training" >"$target/cds-training.log" 2>&1; then
  rm -f "$target/openai-ft.jsa"
  echo "build-launcher: no class-data archive (see $target/cds-training.log); the launcher works without it" >&2
fi

rm -f "$target/openai-ft-report.jsa"
rm -rf "$target/cds-training-report"
results=$(ls "$target"/cds-training/ftjob-*/results.csv 2>/dev/null | head -n 1 || true)
if [ -z "$results" ] || ! "$java" -XX:ArchiveClassesAtExit="$target/openai-ft-report.jsa" \
    -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$target/openai-ft.jar" dev.openaift.ClassDataTraining \
    report src/test/resources/trainer/lora-run --out "$target/cds-training-report/trainer" ';;' \
    report src/test/resources/trainer/jsonl-run/trainer_log.jsonl \
      --out "$target/cds-training-report/jsonl" ';;' \
    report --results "$results" --out "$target/cds-training-report/results" \
    >"$target/cds-training-report.log" 2>&1; then
  rm -f "$target/openai-ft-report.jsa"
  echo "build-launcher: no report class-data archive (see $target/cds-training-report.log); reports use openai-ft.jsa" >&2
fi

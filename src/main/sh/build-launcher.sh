#!/usr/bin/env bash
# Run by Maven's package phase after the jar is shaded: puts the launcher beside the jar and records a
# class-data sharing archive from a training run of the report command, so later runs start faster.
# Usage: build-launcher.sh JAVA TARGET_DIR
set -euo pipefail
java=$1
target=$2
cp src/main/sh/openai-ft "$target/openai-ft"
chmod +x "$target/openai-ft"
rm -f "$target/openai-ft.jsa"
if ! "$java" -XX:ArchiveClassesAtExit="$target/openai-ft.jsa" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
    -jar "$target/openai-ft.jar" report src/test/resources/fixtures/jobs/succeeded \
    --out "$target/cds-training" >"$target/cds-training.log" 2>&1; then
  rm -f "$target/openai-ft.jsa"
  echo "build-launcher: no class-data archive (see $target/cds-training.log); the launcher works without it" >&2
fi

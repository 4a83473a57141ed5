#!/usr/bin/env bash
# Renders every overlay into rendered/<overlay>.yaml, the golden files the tests validate and compare with a
# fresh render (README.md, "The test"). Run it after changing anything under base/ or overlays/, and commit the
# result. Uses kubectl's built-in kustomize (kubectl 1.32, kustomize 5.5 rendered the committed files).
set -euo pipefail
cd "$(dirname "$0")"
for overlay in overlays/*/; do
  name=$(basename "$overlay")
  kubectl kustomize "$overlay" > "rendered/$name.yaml"
  echo "rendered/$name.yaml"
done

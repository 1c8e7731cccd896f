#!/usr/bin/env bash
# Installs what the editor tests need beyond npm: Debian's Neovim and Chromium (plus libkrb5-dev
# for code-server's native module, ripgrep for the benchmark, pre-commit for the hook test, jq and
# a CJK font for the CI-docs and HTML-report tests),
# then code-server.
# Idempotent: skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v nvim >/dev/null 2>&1 || need+=(neovim)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v rg >/dev/null 2>&1 || need+=(ripgrep)
command -v pre-commit >/dev/null 2>&1 || need+=(pre-commit)
command -v jq >/dev/null 2>&1 || need+=(jq)  # docs/CI.md's SARIF merge, run by test/teams/shard.test.ts
# A CJK font, so that the HTML report's screenshot (test/teams/html.test.ts) shows Chinese, not boxes.
dpkg -s fonts-wqy-microhei >/dev/null 2>&1 || need+=(fonts-wqy-microhei)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "setup-test-env: apt-get install ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
if [ -f scripts/install-code-server.sh ]; then bash scripts/install-code-server.sh; fi

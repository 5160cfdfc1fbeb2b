#!/usr/bin/env bash
# Compiles and lints every Bicep template and parameter profile offline with the pinned Bicep CLI. Any diagnostic
# (warning or error) fails. Prints one "ok"/"FAILED" line per check and, last, "N passed, N failed".
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
bicep=tools/scripts/bicep.sh
# Parameter profiles read the secrets from the environment; lint them with placeholders of valid length.
export KFK_PLATFORM_API_KEY=${KFK_PLATFORM_API_KEY:-bicep-check-platform-key-0000}
export KFK_CONNECTION_STATE_KEY=${KFK_CONNECTION_STATE_KEY:-bicep-check-connection-state-key-00000000}
passed=0 failed=0
check() {
  local name=$1; shift
  local output
  output=$("$bicep" "$@" 2>&1 >/dev/null)
  local status=$?
  if [ $status -eq 0 ] && ! grep -qE '(Warning|Error) ' <<<"$output"; then
    echo "ok      $name"
    passed=$((passed + 1))
  else
    echo "FAILED  $name"
    echo "$output" | sed 's/^/        /'
    failed=$((failed + 1))
  fi
}
for template in infra/bicep/main.bicep infra/bicep/modules/*.bicep; do
  check "bicep build $template" build "$template" --stdout
  check "bicep lint $template" lint "$template"
done
for profile in infra/bicep/profiles/*.bicepparam; do
  check "bicep build-params $profile" build-params "$profile" --stdout
  check "bicep lint $profile" lint "$profile"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

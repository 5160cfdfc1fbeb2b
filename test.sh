#!/usr/bin/env bash
# Installs what is missing, builds with warnings as errors, runs every test suite and prints
# "N passed, N failed[, N skipped]" as its last line. Exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")"
source tools/scripts/prerequisites.sh
kfk_ensure_prerequisites
kfk_ensure_chromium

results=artifacts/test-results
rm -rf "$results"
mkdir -p "$results"
failures=0

# web/ first: the app's build copies web/dist beside the app (served under /app/).
if ! kfk_build_web; then
  echo "0 passed, 1 failed"
  exit 1
fi
kfk_log "building (warnings are errors)"
if ! dotnet build Kfk.Functions.sln -c Release --nologo -v quiet -warnaserror; then
  echo "0 passed, 1 failed"
  exit 1
fi

kfk_log "packaging (./package.sh) for the package layout tests"
KFK_WEB_BUILT=1 ./package.sh || failures=$((failures + 1)) # web/ is built above

kfk_log "running the .NET test suites"
dotnet test Kfk.Functions.sln -c Release --no-build --nologo --blame-hang-timeout 5m \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" || true

kfk_log "running the Web PubSub conformance suite (Microsoft's npm packages against the local gateway)"
node_report="$results/conformance.tap"
(cd tests/conformance && KFK_GATEWAY_DLL="$kfk_root/tools/Kfk.LocalGateway/bin/Release/net10.0/Kfk.LocalGateway.dll" \
  node --test --test-concurrency=1 --test-reporter=tap) >"$node_report" 2>&1
node_exit=$?
grep -E '^(not ok|# (pass|fail|skipped|cancelled))' "$node_report" || true

kfk_log "running the browser suite (web/tests/browser: Chromium against the local stack)"
browser_report="$results/browser.tap"
(cd web && node --test --test-concurrency=1 --test-reporter=tap tests/browser/) >"$browser_report" 2>&1
browser_exit=$?
grep -E '^(not ok|# (pass|fail|skipped|cancelled))' "$browser_report" || true

kfk_log "compiling and linting the Bicep templates offline (tools/scripts/bicep-check.sh)"
bicep_report="$results/bicep.txt"
tools/scripts/bicep-check.sh >"$bicep_report" 2>&1
grep -E '^FAILED' -A20 "$bicep_report" || true
bicep_summary=$(tail -1 "$bicep_report")
if [[ "$bicep_summary" =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
  bicep_passed=${BASH_REMATCH[1]} bicep_failed=${BASH_REMATCH[2]}
else
  kfk_log "the Bicep check did not finish; see $bicep_report"
  bicep_passed=0 bicep_failed=1
fi

# Sum the counters of every TRX file; a suite that crashed before writing one counts as a failure.
passed=0 failed=0 skipped=0
suites=$(find tests -name '*.Tests.csproj' | wc -l)
reports=$(find "$results" -name '*.trx' | wc -l)
if [ "$reports" -lt "$suites" ]; then
  kfk_log "only $reports of $suites test suites wrote results"
  failed=$((failed + suites - reports))
fi
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  value() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
  skipped=$((skipped + $(value notExecuted)))
done
tap_count() { grep -E "^# $1 [0-9]+$" "${2:-$node_report}" | tail -1 | grep -o '[0-9]*$' || echo 0; }
node_passed=$(tap_count pass) node_failed=$(( $(tap_count fail) + $(tap_count cancelled) ))
if [ "$node_exit" -ne 0 ] && [ "$node_failed" -eq 0 ]; then
  kfk_log "the conformance suite exited $node_exit; see $node_report"
  node_failed=1
fi
browser_passed=$(tap_count pass "$browser_report") browser_failed=$(( $(tap_count fail "$browser_report") + $(tap_count cancelled "$browser_report") ))
if [ "$browser_exit" -ne 0 ] && [ "$browser_failed" -eq 0 ]; then
  kfk_log "the browser suite exited $browser_exit; see $browser_report"
  browser_failed=1
fi
passed=$((passed + node_passed + browser_passed + bicep_passed))
failed=$((failed + node_failed + browser_failed + bicep_failed + failures))
skipped=$((skipped + $(tap_count skipped) + $(tap_count skipped "$browser_report")))

summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo "$summary"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]

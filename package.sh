#!/usr/bin/env bash
# Builds the deployable Functions package: the script root (host.json + one folder per function + the app, a Native
# AOT binary) under artifacts/scriptroot, zipped to artifacts/kfk-functions.zip with the executable bit kept.
# The publish fails the package on any warning, trim and AOT analysis included, except the two summary lines of
# Azure.Data.Tables that docs/deploy.md ("Native AOT") explains. Its full output: artifacts/publish.log.
# Usage: ./package.sh
set -euo pipefail
cd "$(dirname "$0")"
source tools/scripts/prerequisites.sh
kfk_ensure_native_toolchain
kfk_npm_ci web
[ "${KFK_WEB_BUILT:-0}" = 1 ] || kfk_build_web # test.sh has built it already
command -v zip >/dev/null || { kfk_log "installing zip"; kfk_apt_install zip; }

root=artifacts/scriptroot
zip_path=artifacts/kfk-functions.zip
publish_log=artifacts/publish.log
# Azure.Data.Tables' own typed-entity binder, which Kfk never reaches (it stores TableEntity only): see docs/deploy.md.
allowed_warnings='Azure\.Data\.Tables\.dll : warning IL(2104|3053):|Assembly .Azure\.Data\.Tables. produced (trim|AOT analysis) warnings'

rm -rf "$root" "$zip_path"
mkdir -p "$root"
kfk_log "publishing Kfk.Functions (linux-x64, Native AOT)"
# Warnings are counted below rather than made errors, so that the two known ones can pass.
if ! dotnet publish functions/Kfk.Functions/Kfk.Functions.csproj -c Release -r linux-x64 -p:TreatWarningsAsErrors=false \
  -o "$root/app" --nologo -v quiet >"$publish_log" 2>&1; then
  cat "$publish_log"
  kfk_die "the publish failed"
fi
unexpected=$(grep -E 'warning [A-Z]+[0-9]+' "$publish_log" | grep -Ev "$allowed_warnings" | sort -u || true)
if [ -n "$unexpected" ]; then
  echo "$unexpected"
  kfk_die "the publish has warnings (above): trim and AOT warnings of our own code must be fixed, not allowed"
fi
# Symbols (.dbg, .pdb) and XML docs stay out of the package; the native binary is self-contained.
find "$root/app" -type f \( -name '*.dbg' -o -name '*.pdb' -o -name '*.xml' \) -delete

cp host.json "$root/"
for definition in functions/*/function.json; do
  name=$(basename "$(dirname "$definition")")
  mkdir -p "$root/$name"
  cp "$definition" "$root/$name/function.json"
done
chmod +x "$root/app/Kfk.Functions"

(cd "$root" && zip -q -r -X "../$(basename "$zip_path")" .)
echo "Package: $zip_path ($(du -h "$zip_path" | cut -f1))"
echo "Script root: $root (run 'func start' there to run under the Functions host)"

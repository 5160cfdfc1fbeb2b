#!/usr/bin/env bash
# Builds the deployable Functions package: the script root (host.json + one folder per function + the app)
# under artifacts/scriptroot, zipped to artifacts/kfk-functions.zip with the executable bit kept.
# Usage: ./package.sh            (KFK_SKIP_R2R=1 skips ReadyToRun for a faster local build)
set -euo pipefail
cd "$(dirname "$0")"

root=artifacts/scriptroot
zip_path=artifacts/kfk-functions.zip
r2r=true
[ "${KFK_SKIP_R2R:-}" = "1" ] && r2r=false

command -v zip >/dev/null || { echo "Installing zip"; apt-get install -y -qq zip >/dev/null || { apt-get update -qq && apt-get install -y -qq zip >/dev/null; }; }

rm -rf "$root" "$zip_path"
mkdir -p "$root"
echo "Publishing Kfk.Functions (linux-x64, self-contained, ReadyToRun=$r2r)"
dotnet publish functions/Kfk.Functions/Kfk.Functions.csproj -c Release -r linux-x64 --self-contained true \
  -p:PublishReadyToRun=$r2r -o "$root/app" --nologo -v quiet

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

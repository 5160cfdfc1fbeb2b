#!/usr/bin/env bash
# Runs the Bicep CLI restored from NuGet (Azure.Bicep.CommandLine.linux-x64, pinned in Directory.Packages.props).
# Usage: tools/scripts/bicep.sh build infra/bicep/main.bicep --stdout
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
version=$(sed -n 's|.*PackageVersion Include="Azure.Bicep.CommandLine.linux-x64" Version="\([^"]*\)".*|\1|p' "$root/Directory.Packages.props")
bicep="${NUGET_PACKAGES:-$HOME/.nuget/packages}/azure.bicep.commandline.linux-x64/$version/tools/bicep"
if [ ! -x "$bicep" ]; then
  dotnet restore "$root/tools/bicep/BicepCli.csproj" --nologo -v quiet >&2
  [ -f "$bicep" ] && [ ! -x "$bicep" ] && chmod +x "$bicep"
fi
exec "$bicep" "$@"

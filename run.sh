#!/usr/bin/env bash
# Starts the whole local stack: Azurite, the local Web PubSub gateway and the Kfk app, seeds demo data
# through the public APIs and prints where everything is. Ctrl-C (SIGINT) or SIGTERM stops what it started.
# Ports: KFK_APP_PORT (7071), KFK_GATEWAY_PORT (8080), KFK_AZURITE_BLOB_PORT/QUEUE_PORT/TABLE_PORT (10000-10002).
# Data stays under .data/ between runs; delete that folder for a fresh start. KFK_AZURITE_IN_MEMORY=1 keeps Azurite's
# data in memory instead (nothing survives the run): the benches use it, because Azurite rewrites its whole table
# database to disk every 5 s on its single thread, a stall that grows with every message stored (not a cost Azure has).
set -euo pipefail
cd "$(dirname "$0")"
source tools/scripts/prerequisites.sh

app_port=${KFK_APP_PORT:-7071}
gateway_port=${KFK_GATEWAY_PORT:-8080}
blob_port=${KFK_AZURITE_BLOB_PORT:-10000}
queue_port=${KFK_AZURITE_QUEUE_PORT:-10001}
table_port=${KFK_AZURITE_TABLE_PORT:-10002}
data_dir="$kfk_root/.data"
log_dir="$data_dir/logs"

for port in "$app_port" "$gateway_port" "$blob_port" "$queue_port" "$table_port"; do
  kfk_port_in_use "$port" && kfk_die "port $port is already in use (another ./run.sh?); override with the KFK_*_PORT variables"
done

kfk_ensure_prerequisites
kfk_build_web
kfk_log "building"
dotnet build Kfk.Functions.sln -c Release --nologo -v quiet >/dev/null || dotnet build Kfk.Functions.sln -c Release --nologo -v quiet

mkdir -p "$data_dir/azurite" "$log_dir"
pids=()
stop() {
  trap - INT TERM EXIT
  if [ ${#pids[@]} -gt 0 ]; then
    kfk_log "stopping"
    kill "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap stop EXIT

kfk_log "starting Azurite (blob $blob_port, queue $queue_port, table $table_port)"
azurite_persistence=(--location "$data_dir/azurite")
[ "${KFK_AZURITE_IN_MEMORY:-0}" = 1 ] && azurite_persistence=(--inMemoryPersistence)
node tools/azurite/node_modules/azurite/dist/src/azurite.js \
  "${azurite_persistence[@]}" --skipApiVersionCheck --disableTelemetry --loose --disableProductStyleUrl \
  --blobHost 127.0.0.1 --blobPort "$blob_port" --queueHost 127.0.0.1 --queuePort "$queue_port" \
  --tableHost 127.0.0.1 --tablePort "$table_port" >"$log_dir/azurite.log" 2>&1 &
pids+=($!)
kfk_wait_for_port "$blob_port" 30 Azurite
kfk_wait_for_port "$queue_port" 30 Azurite
kfk_wait_for_port "$table_port" 30 Azurite

account=devstoreaccount1
# Azurite's published development key (not a secret).
account_key='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
storage="DefaultEndpointsProtocol=http;AccountName=$account;AccountKey=$account_key;BlobEndpoint=http://127.0.0.1:$blob_port/$account;QueueEndpoint=http://127.0.0.1:$queue_port/$account;TableEndpoint=http://127.0.0.1:$table_port/$account;"

# The app's settings: local.settings.json if you made one, else the sample; the stack's ports win.
settings=local.settings.json
[ -f "$settings" ] || settings=local.settings.sample.json
eval "$(node tools/scripts/settings-to-env.mjs "$kfk_root/$settings")"
export Kfk__Storage__ConnectionString="$storage"
export Kfk__Hosting__Url="http://127.0.0.1:$app_port"
export Kfk__Media__PublicBaseUrl="http://127.0.0.1:$app_port"
gateway_key=$(node -e 'console.log(require(process.argv[1]).Gateway.AccessKeys[0])' "$kfk_root/tools/Kfk.LocalGateway/gateway.json")
export Kfk__WebPubSub__ConnectionString="Endpoint=http://127.0.0.1:$gateway_port;AccessKey=$gateway_key;Version=1.0;"
export ASPNETCORE_ENVIRONMENT=Development
# The demo shop page's token endpoint (POST /app/demo/token): local only, never in a deployment.
export Kfk__Demo__Enabled=true

if [ -d tools/Kfk.LocalGateway ]; then
  kfk_log "starting the local Web PubSub gateway on $gateway_port"
  Gateway__Port="$gateway_port" Gateway__Upstream="http://127.0.0.1:$app_port" \
    dotnet tools/Kfk.LocalGateway/bin/Release/net10.0/Kfk.LocalGateway.dll >"$log_dir/gateway.log" 2>&1 &
  pids+=($!)
  kfk_wait_for_port "$gateway_port" 60 "the gateway"
else
  kfk_log "the local Web PubSub gateway is not built yet (it arrives with the realtime layer); port $gateway_port stays free"
fi

kfk_log "starting the Kfk app on $app_port"
dotnet functions/Kfk.Functions/bin/Release/net10.0/Kfk.Functions.dll >"$log_dir/app.log" 2>&1 &
pids+=($!)
for ((i = 0; i < 600; i++)); do
  curl -fs "http://127.0.0.1:$app_port/api/v1/health" >/dev/null && break
  kill -0 "${pids[-1]}" 2>/dev/null || kfk_die "the app exited; see $log_dir/app.log"
  sleep 0.1
done
curl -fs "http://127.0.0.1:$app_port/api/v1/health" >/dev/null || kfk_die "the app is not healthy; see $log_dir/app.log"

if [ -f tools/demo/seed.mjs ]; then
  kfk_log "seeding demo data"
  node tools/demo/seed.mjs "http://127.0.0.1:$app_port" "$Kfk__Platform__ApiKey" | tee "$data_dir/demo.txt"
fi

cat <<MSG

Kfk is running.
  App (native API)   http://127.0.0.1:$app_port/
  Health             http://127.0.0.1:$app_port/api/v1/health
  API reference      http://127.0.0.1:$app_port/api/v1/reference/
  Agent workbench    http://127.0.0.1:$app_port/app/workbench/   (kefu1 / kefu1-pass, kefu2 / kefu2-pass; disputes: the staff token above)
  Demo shop page     http://127.0.0.1:$app_port/app/demo/        (buyer 12 Jason; ?buyer=13 for 小美, ?lang=en for English)
  Buyer widget       http://127.0.0.1:$app_port/app/widget.js    (<script src=… data-shop-id data-token-endpoint>, see web/README.md)
  OpenAPI document   http://127.0.0.1:$app_port/api/v1/openapi.json
  Web PubSub gateway ws://127.0.0.1:$gateway_port/client/hubs/{kfk|likeshop}
  Azurite            blob $blob_port, queue $queue_port, table $table_port (data in $([ "${KFK_AZURITE_IN_MEMORY:-0}" = 1 ] && echo memory || echo .data/azurite))
  Platform API key   $Kfk__Platform__ApiKey   (header X-Kfk-Api-Key)
  Logs               $log_dir/
Press Ctrl-C to stop.
MSG
wait -n "${pids[@]}" || true
kfk_log "a component exited; see $log_dir/"

// Trial: the cheapest thing that works end to end. Free Web PubSub (20 connections, no SLA), scale to zero,
// small instances. Idle cost is storage and logs only.
using '../main.bicep'

param environmentName = readEnvironmentVariable('AZURE_ENV_NAME', 'kfktrial')
param webPubSubSku = 'Free_F1'
param webPubSubUnits = 1
param webPubSubAuth = 'accessKeys'
param instanceMemoryMB = 512
param maximumInstanceCount = 10
param alwaysReadyInstances = 0
param logRetentionDays = 30
param platformApiKey = readEnvironmentVariable('KFK_PLATFORM_API_KEY')
param connectionStateKey = readEnvironmentVariable('KFK_CONNECTION_STATE_KEY')

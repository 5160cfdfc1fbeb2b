// Production: a Standard Web PubSub unit (1,000 connections, SLA; add units as shops grow), one always-ready
// instance so the first buyer of the morning does not wait for a cold start, room to scale out.
using '../main.bicep'

param environmentName = readEnvironmentVariable('AZURE_ENV_NAME', 'kfkprod')
param webPubSubSku = 'Standard_S1'
param webPubSubUnits = 1
param webPubSubAuth = 'accessKeys'
param instanceMemoryMB = 2048
param maximumInstanceCount = 100
param alwaysReadyInstances = 1
param logRetentionDays = 90
param corsAllowedOrigins = []
param platformApiKey = readEnvironmentVariable('KFK_PLATFORM_API_KEY')
param connectionStateKey = readEnvironmentVariable('KFK_CONNECTION_STATE_KEY')

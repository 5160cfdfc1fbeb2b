// Kfk on Azure: Flex Consumption function app (custom handler), Azure Web PubSub, Storage, Application Insights,
// one user-assigned identity. Local modules only (registry modules need network the build does not have).
// Deploy: `azd up`, or `az deployment group create -g <rg> -f infra/bicep/main.bicep -p infra/bicep/profiles/trial.bicepparam`.
targetScope = 'resourceGroup'

@description('Short name of this deployment (the azd environment name): 3 to 12 letters and digits, no hyphen. Resource names derive from it, the storage account\'s too, which allows nothing else.')
@minLength(3)
@maxLength(12)
param environmentName string

param location string = resourceGroup().location

@description('Web PubSub tier: Free_F1 for trials (20 connections, no SLA); Standard_S1 or Premium_P1 in production.')
@allowed(['Free_F1', 'Standard_S1', 'Premium_P1'])
param webPubSubSku string = 'Free_F1'

@description('Web PubSub units (1,000 concurrent connections each on Standard): the main scaling and cost knob.')
@minValue(1)
@maxValue(100)
param webPubSubUnits int = 1

@description('How the app and Web PubSub authenticate each other. accessKeys (default): events are checked by ce-signature, the key lives only in app settings. entra: keys disabled; needs eventHandlerAudience (an app registration you create once, see docs/deploy.md).')
@allowed(['accessKeys', 'entra'])
param webPubSubAuth string = 'accessKeys'

@description('entra mode only: the Application ID URI (or client id) of the app registration the event-handler token is issued for.')
param eventHandlerAudience string = ''

@description('Memory per Flex instance (MB).')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@description('The most instances Flex may scale out to: the ceiling on cost and on storage/Web PubSub load.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Always-ready HTTP instances (billed while idle; 0 = scale to zero, cold starts of a few seconds).')
@minValue(0)
@maxValue(20)
param alwaysReadyInstances int = 0

@description('Browser origins allowed to call the REST API (H5 pages, the agent workbench). Legacy clients on other origins need their URL here.')
param corsAllowedOrigins array = []

@description('The public address of the app when it has a custom domain; empty = its default host name.')
param publicBaseUrl string = ''

@description('How long a dispute may stay unfinished before it is overdue (d.hh:mm:ss).')
param disputeSla string = '1.12:00:00'

@description('The platform\'s time zone (IANA id) for wall clock texts in both protocols and every route.')
param platformTimeZone string = 'Asia/Shanghai'

@description('Days Log Analytics keeps logs.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

@description('The key the shop platform sends as X-Kfk-Api-Key (16+ characters). Keep it in a secret store.')
@secure()
@minLength(16)
param platformApiKey string

@description('Signs the state Kfk keeps on each WebSocket connection (32+ random characters; changing it makes clients reconnect).')
@secure()
@minLength(32)
param connectionStateKey string

var nameCharacters = 'abcdefghijklmnopqrstuvwxyz0123456789'
var misnamed = filter(range(0, length(environmentName)), i => !contains(nameCharacters, toLower(substring(environmentName, i, 1))))
// Fails the deployment before anything is created, with this message instead of an invalid storage account name.
var checkedEnvironmentName = empty(misnamed)
  ? environmentName
  : fail('environmentName \'${environmentName}\' may hold only letters and digits (it becomes part of the storage account name). With azd: azd env new kfkprod (no hyphen).')
var suffix = uniqueString(subscription().id, resourceGroup().id, checkedEnvironmentName)
var tags = {
  'azd-env-name': checkedEnvironmentName
  app: 'kfk'
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: 'id-kfk-${environmentName}'
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    workspaceName: 'log-kfk-${environmentName}'
    appInsightsName: 'appi-kfk-${environmentName}'
    location: location
    tags: tags
    retentionInDays: logRetentionDays
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: take('stkfk${toLower(checkedEnvironmentName)}${suffix}', 24)
    location: location
    tags: tags
  }
}

module webPubSub 'modules/webpubsub.bicep' = {
  name: 'webpubsub'
  params: {
    name: 'wps-kfk-${environmentName}-${suffix}'
    location: location
    tags: tags
    sku: webPubSubSku
    units: webPubSubUnits
    disableLocalAuth: webPubSubAuth == 'entra'
    identityId: identity.outputs.id
  }
}

module roles 'modules/roles.bicep' = {
  name: 'roles'
  params: {
    principalId: identity.outputs.principalId
    storageName: storage.outputs.name
    appInsightsName: monitoring.outputs.appInsightsName
    webPubSubName: webPubSub.outputs.name
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  dependsOn: [roles]
  params: {
    planName: 'plan-kfk-${environmentName}'
    appName: 'func-kfk-${environmentName}-${suffix}'
    location: location
    tags: union(tags, { 'azd-service-name': 'app' })
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageName: storage.outputs.name
    packageContainerUrl: storage.outputs.packageContainerUrl
    mediaContainer: storage.outputs.mediaContainer
    appInsightsConnectionString: monitoring.outputs.connectionString
    webPubSubName: webPubSub.outputs.name
    webPubSubHostName: webPubSub.outputs.hostName
    webPubSubAuth: webPubSubAuth
    eventHandlerAudience: eventHandlerAudience
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    alwaysReadyInstances: alwaysReadyInstances
    corsAllowedOrigins: corsAllowedOrigins
    disputeSla: disputeSla
    platformTimeZone: platformTimeZone
    publicBaseUrl: publicBaseUrl
    platformApiKey: platformApiKey
    connectionStateKey: connectionStateKey
  }
}

module hubs 'modules/hubs.bicep' = {
  name: 'hubs'
  params: {
    webPubSubName: webPubSub.outputs.name
    appHostName: functionApp.outputs.hostName
    auth: webPubSubAuth
    eventHandlerAudience: eventHandlerAudience
  }
}

@description('The app: native API, likeshop REST, media URLs.')
output appUrl string = 'https://${functionApp.outputs.hostName}'

@description('Where legacy clients connect: append kfk or likeshop.')
output clientWebSocketBaseUrl string = 'wss://${webPubSub.outputs.hostName}/client/hubs/'

@description('The event handler the hubs call.')
output eventHandlerUrl string = hubs.outputs.eventHandlerUrl

output functionAppName string = functionApp.outputs.name
output storageAccountName string = storage.outputs.name
output webPubSubName string = webPubSub.outputs.name

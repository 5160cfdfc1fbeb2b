// The Flex Consumption plan and the function app: runtime `custom` (our ASP.NET Core app is the custom handler),
// deployed from the package container with the app's identity, and every setting Kfk reads at start-up.
param planName string
param appName string
param location string
param tags object
param identityId string
param identityClientId string
param storageName string
param packageContainerUrl string
param mediaContainer string
param appInsightsConnectionString string
param webPubSubName string
param webPubSubHostName string

@description('accessKeys or entra (see main.bicep).')
param webPubSubAuth string
param eventHandlerAudience string
param instanceMemoryMB int
param maximumInstanceCount int
param alwaysReadyInstances int
param corsAllowedOrigins array
param disputeSla string
param platformTimeZone string
param publicBaseUrl string

@secure()
param platformApiKey string

@secure()
param connectionStateKey string

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2025-03-01' = {
  name: appName
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      cors: {
        allowedOrigins: corsAllowedOrigins
        supportCredentials: false
      }
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: packageContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      runtime: {
        name: 'custom'
        version: '1.0'
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
        alwaysReady: alwaysReadyInstances > 0 ? [{ name: 'http', instanceCount: alwaysReadyInstances }] : []
      }
    }
  }
}

resource webPubSub 'Microsoft.SignalRService/webPubSub@2024-03-01' existing = {
  name: webPubSubName
}

// Settings every deployment has. Keys follow the app's options (`:` is `__`); tests/…/BicepSettingsTests.cs
// starts the app with exactly these names to catch drift.
var commonSettings = {
  AzureWebJobsStorage__accountName: storageName
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  Kfk__Storage__AccountName: storageName
  Kfk__Storage__EndpointSuffix: environment().suffixes.storage
  Kfk__Storage__ManagedIdentityClientId: identityClientId
  Kfk__Platform__ApiKey: platformApiKey
  Kfk__WebPubSub__ConnectionStateKey: connectionStateKey
  Kfk__WebPubSub__ManagedIdentityClientId: identityClientId
  Kfk__Media__Container: mediaContainer
  Kfk__Media__PublicBaseUrl: empty(publicBaseUrl) ? 'https://${app.properties.defaultHostName}' : publicBaseUrl
  Kfk__Diagnostics__Enabled: 'false'
  Kfk__Disputes__Sla: disputeSla
  Kfk__Platform__TimeZone: platformTimeZone
}

// Access keys: the app signs REST calls and client tokens with the key and checks the events' ce-signature with
// either key (the secondary keeps working while the primary is regenerated).
var accessKeySettings = {
  Kfk__WebPubSub__ConnectionString: webPubSub.listKeys().primaryConnectionString
  Kfk__WebPubSub__SecondaryAccessKey: webPubSub.listKeys().secondaryKey
}

// Entra ID: no keys anywhere; REST with the identity, events carry a managed-identity token for the audience.
var entraSettings = {
  Kfk__WebPubSub__Endpoint: 'https://${webPubSubHostName}'
  Kfk__WebPubSub__EventHandlerAudience: eventHandlerAudience
  Kfk__WebPubSub__TenantId: tenant().tenantId
}

resource settings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: app
  name: 'appsettings'
  properties: union(commonSettings, webPubSubAuth == 'entra' ? entraSettings : accessKeySettings)
}

output name string = app.name
output hostName string = app.properties.defaultHostName

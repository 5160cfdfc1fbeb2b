// One StorageV2 account for Kfk's data and the Functions host. Shared-key access is off: everything (the app, the
// host, deployments) authenticates with Entra ID, and media are read through user delegation SAS only.
param name string
param location string
param tags object

@description('The tables Kfk uses (the app also creates them at start-up; listed here so a deployment is complete). The former AgentInbox table of older deployments is left in place: the app moves its rows to ShopInbox.')
param tables array = [
  'Agents'
  'Conversations'
  'Disputes'
  'LoginFailures'
  'Media'
  'PlatformData'
  'PlatformEvents'
  'Presence'
  'QuickReplies'
  'ShopInbox'
  'Tokens'
  'WebhookDeliveries'
  'Webhooks'
]

@description('The queues Kfk uses: webhook deliveries and the poison queue the Functions host (or the standalone poller) moves failing messages to.')
param queues array = [
  'webhook-deliveries'
  'webhook-deliveries-poison'
]

@description('The private media container (images, thumbnails, avatars).')
param mediaContainer string = 'media'

@description('The container Flex Consumption deploys the app package from.')
param packageContainer string = 'app-package'

resource account 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    defaultToOAuthAuthentication: true
    publicNetworkAccess: 'Enabled'
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-06-01' = {
  parent: account
  name: 'default'
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = [
  for container in [mediaContainer, packageContainer]: {
    parent: blobService
    name: container
    properties: { publicAccess: 'None' }
  }
]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-06-01' = {
  parent: account
  name: 'default'
}

resource tableResources 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-06-01' = [
  for table in tables: {
    parent: tableService
    name: table
  }
]

// The queue service: the Functions host, and the WebhookDelivery queue trigger (functions/WebhookDelivery). The app's
// identity holds Storage Queue Data Contributor (roles.bicep) to send, receive and delete messages.
resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2025-06-01' = {
  parent: account
  name: 'default'
}

resource queueResources 'Microsoft.Storage/storageAccounts/queueServices/queues@2025-06-01' = [
  for queue in queues: {
    parent: queueService
    name: queue
  }
]

output name string = account.name
output id string = account.id
output blobEndpoint string = account.properties.primaryEndpoints.blob
output packageContainerUrl string = '${account.properties.primaryEndpoints.blob}${packageContainer}'
output mediaContainer string = mediaContainer

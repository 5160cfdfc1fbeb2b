// Azure Web PubSub: the managed WebSockets. Units are the scaling knob (1,000 concurrent connections each on
// Standard; Free_F1 is one unit of 20 connections for trials). With 'entra' auth the access keys are disabled.
param name string
param location string
param tags object
param sku string
param units int
param disableLocalAuth bool
param identityId string

resource webPubSub 'Microsoft.SignalRService/webPubSub@2024-03-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: sku
    capacity: sku == 'Free_F1' ? 1 : units
  }
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    disableLocalAuth: disableLocalAuth
    disableAadAuth: false
    publicNetworkAccess: 'Enabled'
    tls: { clientCertEnabled: false }
  }
}

output name string = webPubSub.name
output id string = webPubSub.id
output hostName string = webPubSub.properties.hostName

// The two hubs legacy clients use. Every event goes to the app's one handler URL; anonymous connects are allowed
// because legacy kfk clients connect without a token and log in with a frame (the app decides in `connect`).
param webPubSubName string
param appHostName string

@description('accessKeys: the app checks ce-signature. entra: the service sends a managed-identity token for this audience.')
param auth string
param eventHandlerAudience string

@description('Seconds between the service\'s keep-alive pings on idle client sockets.')
param keepAliveSeconds int = 20

resource webPubSub 'Microsoft.SignalRService/webPubSub@2024-03-01' existing = {
  name: webPubSubName
}

var handlerAuth = auth == 'entra'
  ? {
      type: 'ManagedIdentity'
      managedIdentity: { resource: eventHandlerAudience }
    }
  : { type: 'None' }

resource hubs 'Microsoft.SignalRService/webPubSub/hubs@2024-03-01' = [
  for hub in ['kfk', 'likeshop']: {
    parent: webPubSub
    name: hub
    properties: {
      anonymousConnectPolicy: 'allow'
      webSocketKeepAliveIntervalInSeconds: keepAliveSeconds
      eventHandlers: [
        {
          urlTemplate: 'https://${appHostName}/api/webpubsub/hubs/{hub}/{event}'
          userEventPattern: '*'
          systemEvents: ['connect', 'connected', 'disconnected']
          auth: handlerAuth
        }
      ]
    }
  }
]

output eventHandlerUrl string = 'https://${appHostName}/api/webpubsub/hubs/{hub}/{event}'

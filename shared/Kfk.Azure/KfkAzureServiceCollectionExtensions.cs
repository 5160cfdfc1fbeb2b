using Kfk.Azure.PlatformData;
using Kfk.Azure.Presence;
using Kfk.Azure.QuickReplies;
using Kfk.Azure.Support;
using Kfk.Azure.Agents;
using Kfk.Azure.Disputes;
using Kfk.Azure.Media;
using Kfk.Azure.Identity;
using Kfk.Azure.Storage;
using Kfk.Core.PlatformData;
using Kfk.Core.Presence;
using Kfk.Core.Likeshop;
using Kfk.Core.QuickReplies;
using Kfk.Core.Realtime;
using Kfk.Core.Support;
using Kfk.Core.Agents;
using Kfk.Core.Common;
using Kfk.Core.Disputes;
using Kfk.Core.Kuaifaka;
using Kfk.Core.Media;
using Kfk.Core.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Kfk.Azure;

public static class KfkAzureServiceCollectionExtensions
{
    /// <summary>The Table Storage stores of the domain, with the tables they need.</summary>
    public static IServiceCollection AddKfkStores(this IServiceCollection services)
    {
        services.AddKfkPlatformTimeZone();
        services.AddStorageTable(TablePlatformDataStore.TableName);
        services.AddStorageTable(TableTokenStore.TableName);
        services.AddStorageTable(TableAgentStore.TableName);
        services.AddStorageTable(TableLoginThrottle.TableName);
        services.TryAddSingleton<IAgentStore, TableAgentStore>();
        services.TryAddSingleton<ILoginThrottle, TableLoginThrottle>();
        services.TryAddSingleton<AgentService>();
        services.AddStorageTable(TableQuickReplyStore.TableName);
        services.TryAddSingleton<IQuickReplyStore, TableQuickReplyStore>();
        services.AddStorageTable(TableSupportStore.ConversationsTable);
        services.AddStorageTable(TableSupportStore.InboxTable);
        services.AddOptions<InboxWriteBehindOptions>().BindConfiguration(InboxWriteBehindOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InboxWriteBehindOptions>, InboxWriteBehindOptionsValidator>());
        services.TryAddSingleton<InboxWriteBehind>();
        services.AddHostedService(sp => sp.GetRequiredService<InboxWriteBehind>());
        services.TryAddSingleton<ISupportStore, TableSupportStore>();
        services.AddStorageTable(TablePresenceStore.TableName);
        services.TryAddSingleton<IPresenceStore, TablePresenceStore>();
        services.TryAddSingleton<IPlatformDataStore, TablePlatformDataStore>();
        services.TryAddSingleton<ITokenStore, TableTokenStore>();
        services.TryAddSingleton<TokenService>();
        services.AddKfkSupport();
        services.AddKfkDisputes();
        services.AddKfkMedia();
        return services;
    }

    /// <summary>
    /// The platform's one time zone (<c>Kfk:Platform:TimeZone</c>, validated at start) for both hubs and every route.
    /// <c>Kfk:Disputes:TimeZone</c> is its deprecated former name, read only when the new one is not set.
    /// </summary>
    public static IServiceCollection AddKfkPlatformTimeZone(this IServiceCollection services)
    {
        services.AddOptions<PlatformTimeZoneOptions>()
            .BindConfiguration(PlatformTimeZoneOptions.SectionName)
            .Configure<IConfiguration>((options, configuration) =>
            {
                if (configuration[PlatformTimeZoneOptions.SectionName + ":TimeZone"] is null
                    && configuration[DisputeOptions.SectionName + ":TimeZone"] is { } deprecated)
                {
                    options.TimeZone = deprecated;
                }
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PlatformTimeZoneOptions>, PlatformTimeZoneOptionsValidator>());
        services.TryAddSingleton(sp => PlatformTimeZone.Of(sp.GetRequiredService<IOptions<PlatformTimeZoneOptions>>().Value));
        return services;
    }

    /// <summary>Support chat: its use cases, and the likeshop hub that carries them.</summary>
    public static IServiceCollection AddKfkSupport(this IServiceCollection services)
    {
        services.TryAddSingleton<AgentChoice>();
        services.TryAddSingleton<SupportDirectory>();
        services.TryAddSingleton<SupportSignIn>();
        services.TryAddSingleton<SupportPresence>();
        services.TryAddSingleton<CompletedDeliveries>();
        services.TryAddSingleton<SendSupportMessage>();
        services.TryAddSingleton<TransferConversation>();
        services.TryAddSingleton<MarkConversationRead>();
        services.TryAddSingleton<RelayTyping>();
        services.TryAddSingleton<SyncConversation>();
        services.TryAddSingleton<ISupportNotifier, LikeshopNotifier>();
        services.AddSingleton<IHubDialect, LikeshopDialect>();
        return services;
    }

    /// <summary>Images on Blob Storage: the content-addressed store and the media URL rule (processing: Kfk.Imaging's <c>AddKfkImaging</c>).</summary>
    public static IServiceCollection AddKfkMedia(this IServiceCollection services)
    {
        services.AddOptions<MediaOptions>()
            .BindConfiguration(MediaOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MediaOptions>, MediaOptionsValidator>());
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<MediaOptions>>().Value);
        services.AddOptions<StorageCatalogEntries>().Configure<IOptions<MediaOptions>>((entries, media) => entries.Containers.Add(media.Value.Container));
        services.AddStorageTable(BlobMediaStore.TableName);
        services.TryAddSingleton<BlobMediaStore>();
        services.TryAddSingleton<IMediaCatalog, MediaCatalog>();
        return services;
    }

    /// <summary>Disputes, their rooms (the kfk hub) and the SLA check.</summary>
    public static IServiceCollection AddKfkDisputes(this IServiceCollection services)
    {
        services.AddOptions<DisputeOptions>()
            .BindConfiguration(DisputeOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DisputeOptions>, DisputeOptionsValidator>());
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<DisputeOptions>>().Value);
        services.AddStorageTable(TableDisputeStore.TableName);
        services.AddStorageTable(TableDisputeStore.EventsTable);
        services.TryAddSingleton<IDisputeStore, TableDisputeStore>();
        services.TryAddSingleton<IRoomStore, TableRoomStore>();
        services.TryAddSingleton<DisputeService>();
        services.TryAddSingleton<EnterRoom>();
        services.TryAddSingleton<SayInRoom>();
        services.TryAddSingleton<ReadRoomHistory>();
        services.TryAddSingleton<ReadDisputeDetail>();
        services.TryAddSingleton<IRoomNotifier, KfkRoomNotifier>();
        services.AddSingleton<IHubDialect, KfkDialect>();
        return services;
    }
}

using Azure.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Kfk.Azure.Storage;

public static class StorageServiceCollectionExtensions
{
    public static IServiceCollection AddKfkStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddCatalog();
        services.TryAddSingleton<TokenCredential>(sp =>
            StorageClientFactory.CreateCredential(sp.GetRequiredService<IOptions<StorageOptions>>().Value.ManagedIdentityClientId));
        services.TryAddSingleton(sp => StorageClientFactory.CreateTables(Options(sp), CredentialIfNeeded(sp)));
        services.TryAddSingleton(sp => StorageClientFactory.CreateBlobs(Options(sp), CredentialIfNeeded(sp)));
        services.TryAddSingleton(sp => StorageClientFactory.CreateQueues(Options(sp), CredentialIfNeeded(sp)));
        services.TryAddSingleton<StorageProvisioner>();
        services.AddHostedService(sp => sp.GetRequiredService<StorageProvisioner>());
        services.TryAddSingleton<StorageHealthProbe>();
        return services;
    }

    public static IServiceCollection AddStorageTable(this IServiceCollection services, string name) =>
        services.Configure<StorageCatalogEntries>(entries => entries.Tables.Add(name)).AddCatalog();

    public static IServiceCollection AddStorageQueue(this IServiceCollection services, string name) =>
        services.Configure<StorageCatalogEntries>(entries => entries.Queues.Add(name)).AddCatalog();

    private static IServiceCollection AddCatalog(this IServiceCollection services)
    {
        services.TryAddSingleton(sp =>
        {
            var entries = sp.GetRequiredService<IOptions<StorageCatalogEntries>>().Value;
            var catalog = new StorageCatalog();
            entries.Tables.ForEach(catalog.AddTable);
            entries.Containers.ForEach(catalog.AddContainer);
            entries.Queues.ForEach(catalog.AddQueue);
            return catalog;
        });
        return services;
    }

    private static StorageOptions Options(IServiceProvider sp) => sp.GetRequiredService<IOptions<StorageOptions>>().Value;

    private static TokenCredential? CredentialIfNeeded(IServiceProvider sp) =>
        Options(sp).UsesConnectionString ? null : sp.GetRequiredService<TokenCredential>();
}

/// <summary>The names features register; turned into the <see cref="StorageCatalog"/> once.</summary>
public sealed class StorageCatalogEntries
{
    public List<string> Tables { get; } = [];

    public List<string> Containers { get; } = [];

    public List<string> Queues { get; } = [];
}

using System.Collections.Concurrent;
using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using Kfk.Core.Media;

namespace Kfk.Azure.Media;

public enum MediaVariant
{
    Original,
    Thumbnail,
    Avatar,
}

/// <summary>
/// Images in the private container <c>{Kfk:Media:Container}</c>, named by the SHA-256 (hex) of the stored bytes:
/// <c>{id}</c> the image, <c>{id}/thumb</c> its thumbnail, <c>{id}/avatar-{size}</c> the avatar sizes. Table
/// <c>Media</c>, <c>PartitionKey</c> = id, <c>RowKey</c> = the container: the record, written last (its presence means
/// the blobs are there). Reads go through short-lived signed URLs: an account SAS where the client holds the key (Azurite), a
/// user delegation SAS with the managed identity in Azure.
/// </summary>
public sealed class BlobMediaStore(BlobServiceClient blobs, TableServiceClient tables, MediaOptions options, TimeProvider time)
{
    public const string TableName = "Media";
    private const string ImmutableCache = "public, max-age=31536000, immutable";
    private const int MaxRemembered = 100_000;
    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(options.Container);
    private readonly TableClient _table = tables.GetTableClient(TableName);
    private readonly ConcurrentDictionary<string, StoredMedia> _known = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _keyLock = new(1, 1);
    private (UserDelegationKey Key, DateTimeOffset RenewAt)? _delegationKey;

    public static string Id(byte[] stored) => Convert.ToHexStringLower(SHA256.HashData(stored));

    /// <summary>Stores the image and its thumbnail once (content-addressed); the same image again returns the first record.</summary>
    public async Task<(StoredMedia Media, bool Created)> SaveAsync(ProcessedImage image, CancellationToken cancellationToken)
    {
        var id = Id(image.Stored);
        if (await FindAsync(id, cancellationToken) is { } existing)
        {
            return (existing, false);
        }
        await UploadAsync(id, image.Stored, image.ContentType, cancellationToken);
        await UploadAsync(BlobName(id, MediaVariant.Thumbnail), image.Thumbnail, image.ThumbnailContentType, cancellationToken);
        var media = new StoredMedia(id, image.ContentType, image.Width, image.Height, image.Stored.LongLength, time.GetUtcNow());
        var row = new TableEntity(id, _container.Name)
        {
            ["ContentType"] = media.ContentType,
            ["Width"] = media.Width,
            ["Height"] = media.Height,
            ["Bytes"] = media.Bytes,
            ["CreatedAt"] = media.CreatedAt,
            ["ThumbnailContentType"] = image.ThumbnailContentType,
        };
        try
        {
            await _table.AddEntityAsync(row, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // The same image arrived concurrently: both wrote identical blobs.
        }
        Remember(media);
        return (media, true);
    }

    /// <summary>Stores the square sizes of an image already stored (idempotent), as <see cref="IImageProcessor"/> made them.</summary>
    public async Task SaveAvatarSizesAsync(string id, IReadOnlyDictionary<int, byte[]> avatars, CancellationToken cancellationToken)
    {
        foreach (var (size, png) in avatars)
        {
            await UploadAsync(BlobName(id, MediaVariant.Avatar, size), png, "image/png", cancellationToken);
        }
    }

    public async Task<StoredMedia?> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (_known.TryGetValue(id, out var known))
        {
            return known;
        }
        NullableResponse<TableEntity> row = await _table.GetEntityIfExistsAsync<TableEntity>(id, _container.Name, cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            return null;
        }
        var e = row.Value!;
        var media = new StoredMedia(id, e.GetString("ContentType"), e.GetInt32("Width") ?? 0, e.GetInt32("Height") ?? 0, e.GetInt64("Bytes") ?? 0,
            e.GetDateTimeOffset("CreatedAt") ?? default);
        Remember(media);
        return media;
    }

    private void Remember(StoredMedia media)
    {
        if (_known.Count >= MaxRemembered)
        {
            _known.Clear();
        }
        _known[media.Id] = media;
    }

    /// <summary>Whether the blob of a variant exists (avatar sizes are only there for images uploaded as avatars).</summary>
    public async Task<bool> ExistsAsync(string blobName, CancellationToken cancellationToken) =>
        (await _container.GetBlobClient(blobName).ExistsAsync(cancellationToken)).Value;

    /// <summary>A read-only signed URL for the blob, valid for <see cref="MediaOptions.ReadUrlLifetime"/>.</summary>
    public async Task<Uri> ReadUrlAsync(string blobName, CancellationToken cancellationToken)
    {
        var blob = _container.GetBlobClient(blobName);
        var now = time.GetUtcNow();
        var expires = now + options.ReadUrlLifetime;
        if (blob.CanGenerateSasUri)
        {
            return blob.GenerateSasUri(BlobSasPermissions.Read, expires);
        }
        var sas = new BlobSasBuilder
        {
            BlobContainerName = _container.Name,
            BlobName = blobName,
            Resource = "b",
            StartsOn = now.AddMinutes(-5),
            ExpiresOn = expires,
        };
        sas.SetPermissions(BlobSasPermissions.Read);
        var key = await DelegationKeyAsync(now, cancellationToken);
        return new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(key, blobs.AccountName) }.ToUri();
    }

    /// <summary>Bytes of a stored blob (avatars are made from the stored image).</summary>
    public async Task<byte[]> ReadAsync(string blobName, CancellationToken cancellationToken) =>
        (await _container.GetBlobClient(blobName).DownloadContentAsync(cancellationToken)).Value.Content.ToArray();

    public static string BlobName(string id, MediaVariant variant, int size = 0) => variant switch
    {
        MediaVariant.Thumbnail => id + "/thumb",
        MediaVariant.Avatar => $"{id}/avatar-{size}",
        _ => id,
    };

    private async Task UploadAsync(string name, byte[] bytes, string contentType, CancellationToken cancellationToken) =>
        await _container.GetBlobClient(name).UploadAsync(new BinaryData(bytes), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType, CacheControl = ImmutableCache },
        }, cancellationToken);

    /// <summary>One user delegation key per instance, valid for a day and renewed when half of it is left.</summary>
    private async Task<UserDelegationKey> DelegationKeyAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_delegationKey is { } cached && now < cached.RenewAt)
        {
            return cached.Key;
        }
        await _keyLock.WaitAsync(cancellationToken);
        try
        {
            if (_delegationKey is { } fresh && now < fresh.RenewAt)
            {
                return fresh.Key;
            }
            var lifetime = TimeSpan.FromDays(1) > options.ReadUrlLifetime * 2 ? TimeSpan.FromDays(1) : options.ReadUrlLifetime * 2;
            var key = (await blobs.GetUserDelegationKeyAsync(now.AddMinutes(-5), now + lifetime, cancellationToken)).Value;
            _delegationKey = (key, now + (lifetime / 2));
            return key;
        }
        finally
        {
            _keyLock.Release();
        }
    }
}

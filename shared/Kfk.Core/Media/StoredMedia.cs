namespace Kfk.Core.Media;

/// <summary>A stored image: <see cref="Id"/> is the SHA-256 (hex) of the stored bytes, so one image is stored once.</summary>
public sealed record StoredMedia(string Id, string ContentType, int Width, int Height, long Bytes, DateTimeOffset CreatedAt);

using System.Diagnostics.CodeAnalysis;
using Kfk.Core.PlatformData;

namespace Kfk.Functions.Platform;

/// <summary>A shop's customer-service card on the native API (in a shop and in its customer-service settings).</summary>
public sealed record CustomerServiceCardResponse(int Type, string? Wechat, string? Phone, string? BusinessTime, string? Image)
{
    [return: NotNullIfNotNull(nameof(card))]
    public static CustomerServiceCardResponse? From(CustomerServiceCard? card) =>
        card is null ? null : new(card.Type, card.Wechat, card.Phone, card.BusinessTime, card.Image);
}

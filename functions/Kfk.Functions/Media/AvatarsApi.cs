using Kfk.Azure.Media;
using Kfk.Core.Agents;
using Kfk.Core.Common;
using Kfk.Core.Identity;
using Kfk.Core.PlatformData;
using Kfk.Core.Realtime;
using Kfk.Functions.Agents;
using Kfk.Functions.Auth;
using Kfk.Functions.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kfk.Functions.Media;

/// <summary>An avatar upload: the image and its square sizes (<c>/media/{id}/avatar/{size}</c>).</summary>
public sealed record AvatarResponse(string Id, string Avatar, IReadOnlyDictionary<string, string> Sizes);

/// <summary>
/// Avatars on the native API: <c>POST /api/v1/kefu/{id}/avatar</c> (the platform, the shop's admin, or the agent itself)
/// and <c>POST /api/v1/shops/{id}/avatar</c> (the platform or the shop's admin). The record's avatar becomes the
/// middle size.
/// </summary>
public static class AvatarsApi
{
    public static IEndpointRouteBuilder MapAvatars(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("").WithTags("Media").DisableAntiforgery().RequireShopAdminCaller();
        group.MapPost("/kefu/{id:long}/avatar", UploadAgentAvatar).WithName("UploadAgentAvatar").WithSummary("Upload an agent's avatar").WithDescription("Multipart `file` (an image); answers with the avatar URL and its sizes.");
        group.MapPost("/shops/{shop_id:long}/avatar", UploadShopAvatar).WithName("UploadShopAvatar").WithSummary("Upload a shop's avatar").WithDescription("Multipart `file` (an image); answers with the avatar URL and its sizes.");
        return api;
    }

    public static async Task<Results<Ok<AvatarResponse>, ProblemHttpResult>> UploadAgentAvatar(HttpContext context, long id, IAgentStore agents,
        MediaUploads uploads, BlobMediaStore store, MediaOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await agents.FindAsync(id, cancellationToken) is not { } agent)
        {
            return Error.NotFound("kefu_not_found", $"Agent {id} does not exist.").ToProblem();
        }
        var self = context.User.KfkPrincipal() is { Kind: PrincipalKind.Kefu, KefuId: { } me } && me == id;
        if (!self && await ShopAdminAccess.DeniedAsync(context, agent.ShopId, cancellationToken) is { } denied)
        {
            return denied;
        }
        var avatar = await ReceiveAvatarAsync(context, RealtimeUserIds.Kefu(id), uploads, store, options, cancellationToken);
        if (!avatar.IsSuccess)
        {
            return avatar.Error.ToMediaProblem(context);
        }
        await agents.UpdateAsync(agent with { Avatar = avatar.Value.Avatar, UpdatedAt = time.GetUtcNow() }, cancellationToken);
        return TypedResults.Ok(avatar.Value);
    }

    public static async Task<Results<Ok<AvatarResponse>, ProblemHttpResult>> UploadShopAvatar(HttpContext context, long shop_id, IPlatformDataStore platform,
        MediaUploads uploads, BlobMediaStore store, MediaOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await ShopAdminAccess.DeniedAsync(context, shop_id, cancellationToken) is { } denied)
        {
            return denied;
        }
        if (await platform.FindShopAsync(shop_id, cancellationToken) is not { } shop)
        {
            return Error.NotFound("shop_not_found", $"Shop {shop_id} does not exist.").ToProblem();
        }
        var avatar = await ReceiveAvatarAsync(context, RealtimeUserIds.Shop(shop_id), uploads, store, options, cancellationToken);
        if (!avatar.IsSuccess)
        {
            return avatar.Error.ToMediaProblem(context);
        }
        await platform.UpsertShopAsync(shop with { Avatar = avatar.Value.Avatar, UpdatedAt = time.GetUtcNow() }, cancellationToken);
        return TypedResults.Ok(avatar.Value);
    }

    private static async Task<Result<AvatarResponse>> ReceiveAvatarAsync(HttpContext context, string identity, MediaUploads uploads, BlobMediaStore store,
        MediaOptions options, CancellationToken cancellationToken)
    {
        var received = await uploads.ReceiveAvatarAsync(context.Request, identity, cancellationToken);
        if (!received.IsSuccess)
        {
            return received.Error;
        }
        var id = received.Value.Media.Id;
        await store.SaveAvatarSizesAsync(id, received.Value.Image.Avatars, cancellationToken);
        var stored = received.Value.Image.Avatars; // the sizes Kfk:Media:AvatarSizes names, made from this upload
        var sizes = stored.Keys.ToDictionary(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture),
            s => MediaCatalog.Url(options.PublicBase, id, $"/avatar/{s}"));
        var middle = stored.Keys.Order().ElementAt(stored.Count / 2);
        return new AvatarResponse(id, MediaCatalog.Url(options.PublicBase, id, $"/avatar/{middle}"), sizes);
    }
}

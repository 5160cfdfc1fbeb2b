using System.Security.Claims;
using Kfk.Azure.Media;
using Kfk.Functions.Auth;
using Kfk.Core.Likeshop;
using Kfk.Core.Realtime;
using Kfk.Functions.Media;

namespace Kfk.Functions.Likeshop;

/// <summary>
/// The legacy image uploads (multipart <c>file</c>, session token in the <c>token</c> header): the workbench's
/// <c>POST /kefuapi/file/formImage</c> and the buyer app's <c>POST /api/file/formimage</c> (route paths match whatever the
/// case, as on the original ThinkPHP server).
/// </summary>
public static class KefuFileApi
{
    public static IEndpointRouteBuilder MapKefuFile(this IEndpointRouteBuilder app)
    {
        app.MapPost("/kefuapi/file/formImage", FormImage).WithTags("likeshop kefu").WithName("KefuFormImage").WithSummary("Agent image upload (likeshop-compatible)").DisableAntiforgery().WithLikeshopErrors()
            .RequireAuthorization(KfkPolicies.Kefu);
        app.MapPost("/api/file/formimage", UserFormImage).WithTags("likeshop user").WithName("UserFormImage").WithSummary("Buyer image upload (likeshop-compatible)").DisableAntiforgery().WithLikeshopErrors()
            .RequireAuthorization(KfkPolicies.Buyer);
        return app;
    }

    /// <summary>An agent's image; see <see cref="UploadAsync"/>.</summary>
    public static Task<IResult> FormImage(HttpContext context, ClaimsPrincipal caller, MediaUploads uploads, MediaOptions options,
        LikeshopUrls urls, CancellationToken cancellationToken) =>
        UploadAsync(context.Request, RealtimeUserIds.Kefu(caller.LikeshopAgent().KefuId), uploads, options, urls, cancellationToken);

    /// <summary>A buyer's image (a Kfk <c>user</c> token); see <see cref="UploadAsync"/>.</summary>
    public static Task<IResult> UserFormImage(HttpContext context, ClaimsPrincipal caller, MediaUploads uploads, MediaOptions options,
        LikeshopUrls urls, CancellationToken cancellationToken) =>
        UploadAsync(context.Request, caller.LikeshopBuyer().RealtimeUserId, uploads, options, urls, cancellationToken);

    /// <summary>
    /// <c>{code 1, msg "上传成功", data {base_uri, uri, url, name, thumbnail_url, width, height}}</c>. Both clients send
    /// <c>base_uri</c> as the image message's <c>msg</c> and show <c>base_domain + base_uri</c>: the media URL relative to
    /// <c>Kfk:Likeshop:BaseDomain</c>, or absolute when that is empty (<see cref="LikeshopUrls"/>).
    /// </summary>
    private static async Task<IResult> UploadAsync(HttpRequest request, string identity, MediaUploads uploads, MediaOptions options,
        LikeshopUrls urls, CancellationToken cancellationToken)
    {
        var received = await uploads.ReceiveAsync(request, identity, cancellationToken);
        if (!received.IsSuccess)
        {
            return LikeshopEnvelope.Fail(received.Error.Code switch
            {
                "too_large" or "too_many_pixels" => "图片过大",
                "too_many_uploads" => "上传过于频繁，请稍后再试",
                "busy" => "服务器繁忙，请稍后再试",
                "missing_file" or "invalid_form" or "unsupported_media_type" => "请选择要上传的图片",
                _ => "只能上传JPEG、PNG、GIF、WebP格式的图片",
            });
        }
        var media = UploadResponse.From(received.Value.Media, options);
        return LikeshopEnvelope.Success(new LikeshopImageUpload(
            urls.Prefixed(media.Url), media.Url, media.Url, media.Id, media.ThumbnailUrl, media.Width, media.Height), "上传成功");
    }
}

/// <summary>The <c>data</c> of a legacy image upload (see <see cref="KefuFileApi"/>).</summary>
public sealed record LikeshopImageUpload(string BaseUri, string Uri, string Url, string Name, string ThumbnailUrl, int Width, int Height);

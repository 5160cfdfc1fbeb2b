using Kfk.Azure.Media;
using Kfk.Core.Identity;
using Kfk.Functions.Media;

namespace Kfk.Functions.Likeshop;

/// <summary><c>POST /kefuapi/file/formImage</c>: the workbench's image upload (multipart <c>file</c>, kefu token).</summary>
public static class KefuFileApi
{
    public static IEndpointRouteBuilder MapKefuFile(this IEndpointRouteBuilder app)
    {
        app.MapPost("/kefuapi/file/formImage", FormImage).WithTags("likeshop kefu").WithName("KefuFormImage").DisableAntiforgery();
        return app;
    }

    /// <summary>
    /// <c>{code 1, msg "上传成功", data {url, uri, name, thumbnail_url, width, height}}</c>; <c>url</c> is what a chat
    /// image message carries.
    /// </summary>
    public static async Task<IResult> FormImage(HttpContext context, TokenService tokens, MediaUploads uploads, MediaOptions options,
        CancellationToken cancellationToken)
    {
        if (await LikeshopSession.AuthenticateKefuAsync(context.Request, tokens, cancellationToken) is not { KefuId: { } kefuId })
        {
            return LikeshopEnvelope.Fail(LikeshopSession.ExpiredMessage);
        }
        var received = await uploads.ReceiveAsync(context.Request, $"kefu:{kefuId}", cancellationToken);
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
        return LikeshopEnvelope.Success(new { url = media.Url, uri = media.Url, name = media.Id, thumbnail_url = media.ThumbnailUrl, width = media.Width, height = media.Height },
            "上传成功");
    }
}

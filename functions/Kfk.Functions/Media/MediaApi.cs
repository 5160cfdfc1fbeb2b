using System.Security.Claims;
using Kfk.Azure.Media;
using Kfk.Core.Common;
using Kfk.Core.Media;
using Kfk.Functions.Auth;
using Kfk.Functions.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.OpenApi;

namespace Kfk.Functions.Media;

/// <summary>
/// The stable media URLs legacy clients fetch without headers (<c>/media/{id}</c>, <c>/media/{id}/thumb</c>,
/// <c>/media/{id}/avatar/{size}</c>): a redirect to a short-lived read-only signed Blob URL, and the native upload.
/// </summary>
public static class MediaApi
{
    /// <summary>How long clients may reuse a redirect (well inside the signed URL's lifetime).</summary>
    public const int RedirectMaxAgeSeconds = 300;

    public static IEndpointRouteBuilder MapMedia(this IEndpointRouteBuilder app)
    {
        // Anonymous: legacy clients fetch image URLs without headers; ids are content hashes, the redirect a short-lived read-only URL.
        var media = app.MapGroup("/media").WithTags("Media").AllowAnonymous().AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Responses = new OpenApiResponses
            {
                ["302"] = new OpenApiResponse
                {
                    Description = "Found: `Location` is a short-lived read-only signed Blob URL.",
                    Headers = new Dictionary<string, IOpenApiHeader>
                    {
                        ["Location"] = new OpenApiHeader { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri" } },
                        ["Cache-Control"] = new OpenApiHeader { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                    },
                },
                ["404"] = new OpenApiResponse { Description = "No such image (problem+json)." },
            };
            return Task.CompletedTask;
        });
        media.MapGet("/{id}", (HttpContext context, string id, BlobMediaStore store, CancellationToken ct) => RedirectAsync(context, id, MediaVariant.Original, 0, store, ct))
            .WithName("GetMedia").WithSummary("Redirect to a media file").WithDescription("302 to a short-lived read-only signed Blob URL; anonymous (ids are content hashes).");
        media.MapGet("/{id}/thumb", (HttpContext context, string id, BlobMediaStore store, CancellationToken ct) => RedirectAsync(context, id, MediaVariant.Thumbnail, 0, store, ct))
            .WithName("GetMediaThumbnail").WithSummary("Redirect to a media file's thumbnail").WithDescription("302 to a short-lived read-only signed Blob URL of the thumbnail.");
        media.MapGet("/{id}/avatar/{size:int}", (HttpContext context, string id, int size, BlobMediaStore store, CancellationToken ct) =>
            RedirectAsync(context, id, MediaVariant.Avatar, size, store, ct)).WithName("GetMediaAvatar").WithSummary("Redirect to an avatar at a size").WithDescription("302 to a short-lived read-only signed Blob URL of the avatar at `size` pixels.");
        return app;
    }

    public static IEndpointRouteBuilder MapUploads(this IEndpointRouteBuilder api)
    {
        api.MapPost("/uploads", Upload).WithTags("Media").WithName("Upload").WithSummary("Upload an image for a chat message").WithDescription("Multipart `file`; answers 201 with the media id and its stable `/media/{id}` URLs.").DisableAntiforgery()
            .RequireCaller(KfkPolicies.KfkToken, Error.Unauthorized("unauthorized", "Send Authorization: Bearer <a Kfk token>."));
        return api;
    }

    /// <summary><c>POST /api/v1/uploads</c> (multipart <c>file</c>, <c>Authorization: Bearer</c> any Kfk token) → 201.</summary>
    public static async Task<Results<Created<UploadResponse>, ProblemHttpResult>> Upload(HttpContext context, ClaimsPrincipal user, MediaUploads uploads,
        MediaOptions options, CancellationToken cancellationToken)
    {
        var received = await uploads.ReceiveAsync(context.Request, user.RequiredKfkPrincipal().RealtimeUserId, cancellationToken);
        if (!received.IsSuccess)
        {
            return received.Error.ToMediaProblem(context);
        }
        var response = UploadResponse.From(received.Value.Media, options);
        return TypedResults.Created(response.Url, response);
    }

    private static async Task<IResult> RedirectAsync(HttpContext context, string id, MediaVariant variant, int size, BlobMediaStore store,
        CancellationToken cancellationToken)
    {
        var images = context.RequestServices.GetRequiredService<ImageOptions>();
        var known = id.Length == 64 && id.All(char.IsAsciiHexDigitLower) && await store.FindAsync(id, cancellationToken) is not null;
        var blobName = BlobMediaStore.BlobName(id, variant, size);
        if (!known || (variant == MediaVariant.Avatar && (!images.AvatarSizes.Contains(size) || !await store.ExistsAsync(blobName, cancellationToken))))
        {
            return Error.NotFound("media_not_found", "No such image.").ToProblem();
        }
        context.Response.Headers.CacheControl = $"private, max-age={RedirectMaxAgeSeconds}";
        return Results.Redirect((await store.ReadUrlAsync(blobName, cancellationToken)).AbsoluteUri);
    }
}

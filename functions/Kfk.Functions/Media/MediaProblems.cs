using System.Globalization;
using Kfk.Core.Common;
using Kfk.Core.Media;
using Kfk.Functions.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kfk.Functions.Media;

/// <summary>
/// Upload refusals whose HTTP status is more precise than their <see cref="ErrorKind"/> (which is all
/// <see cref="Problems"/> maps); the rest keep that mapping:
/// <list type="bullet">
/// <item>413 <c>too_large</c>: the file is over <c>Kfk:Media:MaxBytes</c>, or the body over the server's limit.</item>
/// <item>415 <c>unsupported_media_type</c>: the request is not <c>multipart/form-data</c>.</item>
/// <item>422 <c>too_many_pixels</c>: the image's header declares more than <c>Kfk:Media:MaxPixels</c>. Not 413: the request
/// may be 70 bytes and well-formed; what is refused is what it asks a decoder for, and it is refused before any pixel
/// is allocated.</item>
/// <item>503 <c>busy</c> with <c>Retry-After</c>: no decode slot freed up within <c>Kfk:Media:MaxDecodeWait</c>. Not 429:
/// this instance is at its limit, not the caller.</item>
/// </list>
/// </summary>
public static class MediaProblems
{
    public static ProblemHttpResult ToMediaProblem(this Error error, HttpContext context)
    {
        var problem = error.ToProblem();
        int? status = error.Code switch
        {
            "too_large" => StatusCodes.Status413PayloadTooLarge,
            "unsupported_media_type" => StatusCodes.Status415UnsupportedMediaType,
            "too_many_pixels" => StatusCodes.Status422UnprocessableEntity,
            "busy" => StatusCodes.Status503ServiceUnavailable,
            _ => null,
        };
        if (status is null)
        {
            return problem;
        }
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            var options = context.RequestServices.GetRequiredService<ImageOptions>();
            context.Response.Headers.RetryAfter = options.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        }
        return TypedResults.Problem(detail: error.Message, statusCode: status, extensions: problem.ProblemDetails.Extensions);
    }
}

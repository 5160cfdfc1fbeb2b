using Kfk.Core.Common;
using Kfk.Core.Media;
using Microsoft.Net.Http.Headers;

namespace Kfk.Functions.Media;

/// <summary>
/// Reads the image out of an upload's multipart form (field <c>file</c>). Every way the request can be wrong becomes an
/// error naming it, never an exception: not multipart (415), no boundary or a malformed or truncated body (400,
/// <c>invalid_form</c>), a body or file over the limits (413, <c>too_large</c>; Kestrel's body limit included).
/// </summary>
public static class UploadForm
{
    public const string FileField = "file";

    /// <summary>Room for the multipart framing around the file (boundaries, part headers, a long file name, small fields).</summary>
    private const long FramingAllowance = 64 * 1024;

    /// <summary>The file's content: a seekable stream of known length over the buffered form, for the caller to dispose.</summary>
    public static async Task<Result<Stream>> ReadFileAsync(HttpRequest request, ImageOptions options, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.ContentType))
        {
            return Error.Validation("missing_file", $"Send the image as multipart/form-data in the field \"{FileField}\".", FileField);
        }
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return UnsupportedMediaType(request.ContentType);
        }
        if (HeaderUtilities.RemoveQuotes(type.Boundary).Length == 0)
        {
            return InvalidForm("The Content-Type multipart/form-data has no boundary parameter.");
        }
        if (request.ContentLength > options.MaxBytes + FramingAllowance)
        {
            return options.TooLarge(); // refused before reading a byte of it
        }
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return options.TooLarge(); // a body (chunked, or declared under our check) that ran past Kestrel's limit, Kfk:Hosting:MaxRequestBodyBytes
        }
        catch (BadHttpRequestException ex)
        {
            return InvalidForm("The request body could not be read: " + ex.Message);
        }
        catch (InvalidDataException ex)
        {
            return InvalidForm("The multipart body is malformed: " + ex.Message);
        }
        catch (IOException)
        {
            return InvalidForm("The multipart body ended before its closing boundary (truncated or interrupted).");
        }
        if (form.Files.GetFile(FileField) is not { } file)
        {
            return Error.Validation("missing_file", $"The form has no field \"{FileField}\" with a file.", FileField);
        }
        if (file.Length > options.MaxBytes)
        {
            return options.TooLarge();
        }
        return file.OpenReadStream();
    }

    private static Error InvalidForm(string message) => Error.Validation("invalid_form", message, FileField);

    private static Error UnsupportedMediaType(string contentType) =>
        Error.Validation("unsupported_media_type", $"Send the image as multipart/form-data in the field \"{FileField}\", not as {contentType}.", FileField);
}

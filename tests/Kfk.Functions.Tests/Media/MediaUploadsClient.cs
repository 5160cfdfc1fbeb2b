using System.Net.Http.Headers;
using System.Text.Json;

namespace Kfk.Functions.Tests.Media;

/// <summary>Uploads a fresh image through <c>POST /api/v1/uploads</c> and returns its stable media URL.</summary>
internal static class MediaUploadsClient
{
    public static async Task<string> UploadAsync(Uri appBase, string token)
    {
        using var http = new HttpClient { BaseAddress = appBase };
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var file = new ByteArrayContent(TestImages.Png());
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        using var form = new MultipartFormDataContent { { file, "file", "a.png" } };
        using var response = await http.PostAsync("/api/v1/uploads", form);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("url").GetString()!;
    }
}

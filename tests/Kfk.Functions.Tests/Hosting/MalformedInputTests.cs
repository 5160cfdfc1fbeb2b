using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kfk.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace Kfk.Functions.Tests.Hosting;

/// <summary>
/// Every operation of the OpenAPI document, fed malformed bodies, query and path values by every kind of caller, on
/// Kestrel (so body limits are real) in Development (what ./run.sh runs) and in Production: never a 5xx; on the native
/// API a problem+json with the status the input deserves, naming the field at fault; an unauthenticated caller is
/// refused with 401 before its input is read.
/// </summary>
public sealed class MalformedInputTests(ITestOutputHelper output)
{
    private const int MaxRequestBodyBytes = 16 * 1024;

    /// <summary>Operations anyone may call; every other native operation wants a platform key or a token.</summary>
    private static readonly HashSet<string> AnonymousOperations = ["GET /api/v1/health"];

    public enum Caller
    {
        Anonymous,
        WrongApiKey,
        GarbageBearer,
        PlatformKey,
        UserToken,
    }

    private static bool IsAuthenticated(Caller caller) => caller is Caller.PlatformKey or Caller.UserToken;

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task EveryOperation_AnswersMalformedInput_With4xxProblemNamingTheField_BeforeOrAfterAuthentication(string environment)
    {
        var port = FreePorts.Next();
        await using var app = new KfkApp((await Azurite.SharedAsync()).ConnectionString, new Dictionary<string, string?>
        {
            ["environment"] = environment,
            ["Kfk:Hosting:Url"] = $"http://127.0.0.1:{port}",
            ["Kfk:Hosting:MaxRequestBodyBytes"] = $"{MaxRequestBodyBytes}",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        app.UseKestrel();
        app.StartServer();
        Assert.Equal(environment, app.Services.GetRequiredService<IHostEnvironment>().EnvironmentName);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var userToken = await MintUserTokenAsync(http);
        using var document = JsonDocument.Parse(await http.GetStringAsync("/api/v1/openapi.json"));
        var cases = ApiOperation.All(document.RootElement).SelectMany(operation => MalformedInputs.For(operation, MaxRequestBodyBytes)).ToList();
        Assert.Contains(cases, c => c.ToString() == "PUT /api/v1/users/{user_id} [duplicate key]");
        Assert.Contains(cases, c => c.ToString() == "GET /api/v1/disputes [query limit=abc]");
        Assert.Contains(cases, c => c.ToString() == "POST /api/v1/negotiate [invalid UTF-8]");
        Assert.All(ApiOperation.All(document.RootElement).Where(o => o.IsNative), o => Assert.Contains(cases, c => c.Operation == o));

        var failures = new List<string>();
        foreach (var malformed in cases)
        {
            var reached = false;
            foreach (var caller in Enum.GetValues<Caller>())
            {
                Answer answer;
                try
                {
                    answer = await SendAsync(http, malformed, caller, userToken);
                }
                catch (HttpRequestException e)
                {
                    failures.Add($"{malformed} as {caller}: no response ({e.InnerException?.Message ?? e.Message})");
                    continue;
                }
                failures.AddRange(Check(malformed, caller, answer).Select(problem => $"{malformed} as {caller}: {problem} — {answer.Body}"));
                reached |= IsAuthenticated(caller) && answer.Status == malformed.Expected;
            }
            if (malformed.Operation.IsNative && malformed.Expected is not null && !reached)
            {
                failures.Add($"{malformed}: no authenticated caller got {(int)malformed.Expected}");
            }
        }

        output.WriteLine($"{environment}: {cases.Count} operation×input cases ({cases.Count(c => c.Operation.IsNative)} native), " +
            $"{cases.Count * Enum.GetValues<Caller>().Length} requests, over {cases.Select(c => c.Operation.ToString()).Distinct().Count()} operations.");
        Assert.True(failures.Count == 0, $"{failures.Count} failures:\n" + string.Join('\n', failures));
    }

    /// <summary>
    /// Requests Kestrel refuses while parsing, before any middleware runs: they are client errors in every environment.
    /// Kestrel writes these responses itself with an empty body; it has no hook for a problem+json body.
    /// </summary>
    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task RequestsKestrelRefusesWhileParsing_AreClientErrors(string environment)
    {
        var port = FreePorts.Next();
        await using var app = new KfkApp((await Azurite.SharedAsync()).ConnectionString, new Dictionary<string, string?>
        {
            ["environment"] = environment,
            ["Kfk:Hosting:Url"] = $"http://127.0.0.1:{port}",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        app.UseKestrel();
        app.StartServer();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        using var nul = await http.GetAsync("/api/v1/health%00");
        using var longUri = await http.GetAsync("/api/v1/health?q=" + new string('a', 9 * 1024));
        using var bigHeaders = new HttpRequestMessage(HttpMethod.Get, "/api/v1/health");
        bigHeaders.Headers.Add("X-Padding", new string('a', 40 * 1024));
        using var tooManyHeaderBytes = await http.SendAsync(bigHeaders);

        Assert.Equal(HttpStatusCode.BadRequest, nul.StatusCode);
        Assert.Equal(HttpStatusCode.RequestUriTooLong, longUri.StatusCode);
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, tooManyHeaderBytes.StatusCode);
    }

    private static IEnumerable<string> Check(MalformedCase malformed, Caller caller, Answer answer)
    {
        if ((int)answer.Status >= 500)
        {
            yield return $"{(int)answer.Status}";
            yield break;
        }
        if (!malformed.Operation.IsNative)
        {
            yield break; // likeshop and media routes answer their own envelopes; only "never a 5xx" is asserted here
        }
        var anonymous = AnonymousOperations.Contains(malformed.Operation.ToString());
        if (malformed.Expected is null && !IsAuthenticated(caller) && !anonymous && (int)answer.Status < 400)
        {
            yield return $"status {(int)answer.Status} without credentials";
        }
        var expected = malformed.Expected is null ? answer.Status
            : malformed.BeforeAuthentication || IsAuthenticated(caller) || anonymous ? malformed.Expected.Value
            : HttpStatusCode.Unauthorized;
        // An authenticated caller may still be one the operation does not accept (a user token on a platform route).
        if (answer.Status != expected && !(IsAuthenticated(caller) && !malformed.BeforeAuthentication && answer.Status == HttpStatusCode.Unauthorized))
        {
            yield return $"status {(int)answer.Status}, expected {(int)expected}";
        }
        if ((int)answer.Status < 400)
        {
            yield break;
        }
        if (answer.ContentType != "application/problem+json" || answer.Problem is not { } problem)
        {
            yield return $"content type {answer.ContentType}, not a problem+json";
            yield break;
        }
        if (!problem.TryGetProperty("code", out var code) || string.IsNullOrEmpty(code.GetString()))
        {
            yield return "no code";
        }
        if (answer.Status != malformed.Expected || malformed.Expected == HttpStatusCode.NotFound)
        {
            yield break;
        }
        var detail = problem.TryGetProperty("detail", out var d) ? d.GetString() : null;
        if (string.IsNullOrEmpty(detail))
        {
            yield return "no detail";
        }
        if (malformed.Field is { } field)
        {
            if (!problem.TryGetProperty("field", out var named) || named.GetString() != field)
            {
                yield return $"does not name the field {field}";
            }
            if (!problem.TryGetProperty("errors", out var errors) || !errors.TryGetProperty(field, out _))
            {
                yield return $"errors has no entry for {field}";
            }
            if (detail?.Contains(field, StringComparison.Ordinal) != true)
            {
                yield return $"detail does not mention {field}";
            }
        }
    }

    public sealed record Answer(HttpStatusCode Status, string? ContentType, string Body, JsonElement? Problem);

    private static async Task<Answer> SendAsync(HttpClient http, MalformedCase malformed, Caller caller, string userToken)
    {
        using var request = new HttpRequestMessage(new HttpMethod(malformed.Operation.Method), malformed.Url) { Content = malformed.Content() };
        if (malformed.LargeBody)
        {
            request.Headers.ExpectContinue = true;
            request.Headers.ConnectionClose = true;
        }
        switch (caller)
        {
            case Caller.WrongApiKey:
                request.Headers.Add("X-Kfk-Api-Key", "not-the-platform-key-0123456789");
                break;
            case Caller.GarbageBearer:
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer kfk_not-a-token");
                break;
            case Caller.PlatformKey:
                request.Headers.Add("X-Kfk-Api-Key", KfkApp.ApiKey);
                break;
            case Caller.UserToken:
                request.Headers.Add("Authorization", $"Bearer {userToken}");
                break;
        }
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var contentType = response.Content.Headers.ContentType?.MediaType;
        JsonElement? problem = contentType == "application/problem+json" ? JsonDocument.Parse(body).RootElement.Clone() : null;
        return new Answer(response.StatusCode, contentType, body.Length > 400 ? body[..400] : body, problem);
    }

    private static async Task<string> MintUserTokenAsync(HttpClient http)
    {
        var userId = Random.Shared.NextInt64(1_000, 1_000_000_000);
        using var upsert = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/users/{userId}") { Content = JsonContent.Create(new { nickname = "malformed" }) };
        upsert.Headers.Add("X-Kfk-Api-Key", KfkApp.ApiKey);
        using var upserted = await http.SendAsync(upsert);
        Assert.Equal(HttpStatusCode.OK, upserted.StatusCode);
        using var mint = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tokens") { Content = JsonContent.Create(new { kind = "user", user_id = userId }) };
        mint.Headers.Add("X-Kfk-Api-Key", KfkApp.ApiKey);
        using var minted = await http.SendAsync(mint);
        Assert.Equal(HttpStatusCode.Created, minted.StatusCode);
        using var token = JsonDocument.Parse(await minted.Content.ReadAsStringAsync());
        return token.RootElement.GetProperty("token").GetString()!;
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure;
using Kfk.Azure.Storage;
using Kfk.Core.Agents;
using Kfk.Testing;
using Kfk.Testing.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Kfk.Functions.Tests.Hosting;

/// <summary>A row that concurrent writers keep busy is a retryable 503 problem, never a 500.</summary>
public sealed class ContentionProblemsTests
{
    [Fact]
    public async Task ExhaustedEtagRetries_Answer503WithRetryAfter_AndTheBusyCode()
    {
        await using var app = new KfkApp((await Azurite.SharedAsync()).ConnectionString, configureServices: services =>
            services.Replace(ServiceDescriptor.Singleton<IAgentStore>(new ContendedAgentStore())));
        using var platform = app.CreateClient();
        platform.DefaultRequestHeaders.Add("X-Kfk-Api-Key", KfkApp.ApiKey);
        var shopId = Random.Shared.NextInt64(1_000, 1_000_000_000);
        (await platform.PutAsJsonAsync($"/api/v1/shops/{shopId}", new { name = "店铺" })).EnsureSuccessStatusCode();

        using var response = await platform.PostAsJsonAsync("/api/v1/kefu", new { shop_id = shopId, account = "busy_1", password = "secret-pass-1", nickname = "n" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("busy", problem.RootElement.GetProperty("code").GetString());
    }

    private sealed class ContendedAgentStore : IAgentStore
    {
        private readonly InMemoryAgentStore _inner = new();

        public Task<Agent?> CreateAsync(Func<long, Agent> create, CancellationToken cancellationToken) =>
            throw new EtagRetryExhaustedException(10, new RequestFailedException(412, "The condition specified using HTTP conditional header(s) is not met."));

        public Task UpdateAsync(Agent agent, CancellationToken cancellationToken) => _inner.UpdateAsync(agent, cancellationToken);

        public Task<Agent?> FindAsync(long id, CancellationToken cancellationToken) => _inner.FindAsync(id, cancellationToken);

        public Task<Agent?> FindByAccountAsync(long shopId, string account, CancellationToken cancellationToken) =>
            _inner.FindByAccountAsync(shopId, account, cancellationToken);

        public Task<IReadOnlyList<long>> ShopsWithAccountAsync(string account, CancellationToken cancellationToken) =>
            _inner.ShopsWithAccountAsync(account, cancellationToken);

        public Task<IReadOnlyList<Agent>> ListAsync(long shopId, CancellationToken cancellationToken) => _inner.ListAsync(shopId, cancellationToken);
    }
}

using Kfk.Core.Realtime;

namespace Kfk.Testing.InMemory;

/// <summary>An <see cref="IRealtimeHub"/> whose service is down: every call throws, as the REST client does on a 5xx.</summary>
public sealed class FailingRealtimeHub : IRealtimeHub
{
    private int _attempts;

    /// <summary>How many calls were tried.</summary>
    public int Attempts => _attempts;

    public Task SendToUserAsync(string hub, string userId, string text, CancellationToken cancellationToken) => Fail();

    public Task SendToUsersAsync(string hub, IReadOnlyList<string> userIds, string text, IReadOnlyList<string>? excludedConnectionIds,
        CancellationToken cancellationToken) => Fail();

    public Task SendToGroupAsync(string hub, string group, string text, IReadOnlyList<string>? excludedConnectionIds, CancellationToken cancellationToken) => Fail();

    public Task SendToConnectionAsync(string hub, string connectionId, string text, CancellationToken cancellationToken) => Fail();

    public Task AddConnectionToGroupAsync(string hub, string group, string connectionId, CancellationToken cancellationToken) => Fail();

    public Task RemoveConnectionFromGroupAsync(string hub, string group, string connectionId, CancellationToken cancellationToken) => Fail();

    public Task CloseUserConnectionsAsync(string hub, string userId, string reason, CancellationToken cancellationToken) => Fail();

    public Task CloseConnectionAsync(string hub, string connectionId, string reason, CancellationToken cancellationToken) => Fail();

    private Task Fail()
    {
        Interlocked.Increment(ref _attempts);
        return Task.FromException(new HttpRequestException("The realtime service is unavailable.", null, System.Net.HttpStatusCode.ServiceUnavailable));
    }
}

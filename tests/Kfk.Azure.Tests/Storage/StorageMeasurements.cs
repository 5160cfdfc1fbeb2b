using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Kfk.Azure.Storage;

namespace Kfk.Azure.Tests.Storage;

/// <summary>
/// Records what the <c>Kfk.Storage</c> meter reports while alive. The meter is process-wide and other tests use storage
/// at the same time, so tests count only measurements tagged with a resource name of their own.
/// </summary>
public sealed class StorageMeasurements : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, string? Resource, long Value)> _measurements = new();

    public StorageMeasurements()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter == StorageMetrics.Meter)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? resource = null;
            foreach (var tag in tags)
            {
                resource = tag.Value as string;
            }
            _measurements.Enqueue((instrument.Name, resource, value));
        });
        _listener.Start();
    }

    public long Count(string instrument, string resource) =>
        _measurements.Where(m => m.Instrument == instrument && m.Resource == resource).Sum(m => m.Value);

    public long Reads(string table) => Count("kfk.tables.reads", table);

    public long Transactions(string table) => Count("kfk.tables.transactions", table);

    public void Dispose() => _listener.Dispose();
}

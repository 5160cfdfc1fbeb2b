namespace Kfk.Testing;

/// <summary>What a piece of work cost the process: managed bytes allocated, and how far the resident set peaked above where it was.</summary>
/// <param name="ManagedAllocated">Bytes the GC handed out.</param>
/// <param name="PeakResidentGrowth">Peak resident set minus the one before; null where the OS gives no resettable peak (only Linux does).</param>
public sealed record MemoryUse(long ManagedAllocated, long? PeakResidentGrowth)
{
    public override string ToString() =>
        $"managed {ManagedAllocated / 1024.0 / 1024:0.0} MB, peak RSS +{(PeakResidentGrowth is { } p ? $"{p / 1024.0 / 1024:0.0} MB" : "n/a")}";
}

/// <summary>
/// Measures memory around work: <see cref="GC.GetTotalAllocatedBytes(bool)"/> for managed allocations, and Linux's peak
/// resident set (VmHWM, reset through /proc/self/clear_refs) for everything else, such as Skia's native pixel buffers,
/// which the GC never sees. Both are process-wide: tests using this belong to a collection that runs alone.
/// </summary>
public static class MemoryProbe
{
    public static async Task<MemoryUse> MeasureAsync(Func<Task> work)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var peakResettable = TryResetPeak();
        var residentBefore = ReadStatusBytes("VmRSS");
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        await work();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var peak = ReadStatusBytes("VmHWM");
        return new MemoryUse(allocated, peakResettable && residentBefore is { } before && peak is { } after ? after - before : null);
    }

    public static Task<MemoryUse> Measure(Action work) => MeasureAsync(() =>
    {
        work();
        return Task.CompletedTask;
    });

    private static bool TryResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5"); // 5: reset the peak resident set size to the current one
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static long? ReadStatusBytes(string field)
    {
        if (!File.Exists("/proc/self/status"))
        {
            return null;
        }
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        var kilobytes = line?[(field.Length + 1)..].Trim().Split(' ')[0];
        return long.TryParse(kilobytes, out var kb) ? kb * 1024 : null;
    }
}

using Kfk.Core.Media;

namespace Kfk.Imaging;

/// <summary>
/// The decode slots of this instance (<see cref="ImageOptions.MaxConcurrentDecodes"/>). An upload waits for one at most
/// <see cref="ImageOptions.MaxDecodeWait"/> and is then refused rather than queued: waiting only on the request's
/// cancellation would let a burst pile up requests (each holding its upload) behind a few multi-second decodes
/// until clients time out, while a quick 503 with <c>Retry-After</c> tells them to come back.
/// </summary>
public sealed class DecodeSlots(ImageOptions options)
{
    private readonly SemaphoreSlim _free = new(options.MaxConcurrentDecodes, options.MaxConcurrentDecodes);

    /// <summary>A slot, released when disposed; null when none freed up in time.</summary>
    public async Task<IDisposable?> TryEnterAsync(CancellationToken cancellationToken) =>
        await _free.WaitAsync(options.MaxDecodeWait, cancellationToken) ? new Slot(_free) : null;

    private sealed class Slot(SemaphoreSlim free) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                free.Release();
            }
        }
    }
}

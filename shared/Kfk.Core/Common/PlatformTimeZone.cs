using System.Globalization;

namespace Kfk.Core.Common;

/// <summary>
/// The platform's wall clock texts, <c>yyyy-MM-dd HH:mm:ss</c> in its one zone (<see cref="PlatformTimeZoneOptions.TimeZone"/>,
/// China Standard Time by default): likeshop's <c>create_time</c>, kfk's <c>created_at</c> and the REST routes alike.
/// </summary>
public sealed class PlatformTimeZone(TimeZoneInfo zone)
{
    public const string ChinaStandardTimeId = "Asia/Shanghai";

    public static PlatformTimeZone ChinaStandardTime { get; } = new(Find(ChinaStandardTimeId)!);

    public TimeZoneInfo Zone => zone;

    /// <summary>The configured zone (validated at start-up by <see cref="PlatformTimeZoneOptions.Validate"/>).</summary>
    public static PlatformTimeZone Of(PlatformTimeZoneOptions options) =>
        new(Find(options.TimeZone) ?? throw new InvalidOperationException($"Unknown time zone {options.TimeZone}."));

    /// <summary>The zone, or null when unknown; China Standard Time is known even on a machine without time zone data.</summary>
    public static TimeZoneInfo? Find(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException) when (id == ChinaStandardTimeId)
        {
            return TimeZoneInfo.CreateCustomTimeZone(id, TimeSpan.FromHours(8), "China Standard Time", "China Standard Time");
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            return null;
        }
    }

    public string Format(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}

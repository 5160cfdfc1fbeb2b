using System.Globalization;

namespace Kfk.Core.Common;

/// <summary>The platform's wall clock texts: <c>yyyy-MM-dd HH:mm:ss</c> in its zone (China Standard Time by default).</summary>
public static class PlatformTime
{
    public const string ChinaStandardTime = "Asia/Shanghai";

    /// <summary>The zone, or null when unknown; China Standard Time is known even on a machine without time zone data.</summary>
    public static TimeZoneInfo? FindZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException) when (id == ChinaStandardTime)
        {
            return TimeZoneInfo.CreateCustomTimeZone(id, TimeSpan.FromHours(8), "China Standard Time", "China Standard Time");
        }
        catch (TimeZoneNotFoundException)
        {
            return null;
        }
    }

    public static string Format(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}

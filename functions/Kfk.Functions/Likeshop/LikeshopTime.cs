using System.Globalization;
using Kfk.Core.Likeshop;

namespace Kfk.Functions.Likeshop;

/// <summary>Times on the likeshop REST surface: <c>yyyy-MM-dd HH:mm:ss</c> in the platform's zone (UTC+8).</summary>
public static class LikeshopTime
{
    public static string Format(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, LikeshopDialect.PlatformTimeZone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}

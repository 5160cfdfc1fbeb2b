namespace Kfk.LocalGateway.Filters;

/// <summary>
/// A function of the filter language. <see cref="Parameters"/> lists the accepted types of each parameter; the last
/// <see cref="Optional"/> ones may be left out. Arguments are never null when <see cref="Apply"/> runs.
/// </summary>
internal sealed record FilterFunction(string Name, FilterType Result, FilterType[][] Parameters, int Optional, Func<object?[], object?> Apply)
{
    private static readonly FilterType[] Text = [FilterType.String];
    private static readonly FilterType[] Number = [FilterType.Integer];
    private const StringComparison IgnoreCase = StringComparison.OrdinalIgnoreCase;

    public static readonly IReadOnlyDictionary<string, FilterFunction> All = new[]
    {
        new FilterFunction("tolower", FilterType.String, [Text], 0, a => ((string)a[0]!).ToLowerInvariant()),
        new FilterFunction("toupper", FilterType.String, [Text], 0, a => ((string)a[0]!).ToUpperInvariant()),
        new FilterFunction("trim", FilterType.String, [Text], 0, a => ((string)a[0]!).Trim()),
        new FilterFunction("substring", FilterType.String, [Text, Number, Number], 1, Substring),
        new FilterFunction("concat", FilterType.String, [Text, Text], 0, a => (string)a[0]! + (string)a[1]!),
        new FilterFunction("startswith", FilterType.Boolean, [Text, Text], 0, a => ((string)a[0]!).StartsWith((string)a[1]!, IgnoreCase)),
        new FilterFunction("endswith", FilterType.Boolean, [Text, Text], 0, a => ((string)a[0]!).EndsWith((string)a[1]!, IgnoreCase)),
        new FilterFunction("contains", FilterType.Boolean, [Text, Text], 0, a => ((string)a[0]!).Contains((string)a[1]!, IgnoreCase)),
        new FilterFunction("indexof", FilterType.Integer, [Text, Text], 0, a => (long)((string)a[0]!).IndexOf((string)a[1]!, IgnoreCase)),
        new FilterFunction("length", FilterType.Integer, [[FilterType.String, FilterType.Collection]], 0, Length),
    }.ToDictionary(f => f.Name);

    /// <summary>substring(s, start[, count]): zero-based; a start or count outside the string is clamped, never an error.</summary>
    private static object Substring(object?[] a)
    {
        var text = (string)a[0]!;
        var start = (int)Math.Clamp((long)a[1]!, 0, text.Length);
        var count = a.Length > 2 ? (int)Math.Clamp((long)a[2]!, 0, text.Length - start) : text.Length - start;
        return text.Substring(start, count);
    }

    private static object Length(object?[] a) => a[0] is string text ? (long)text.Length : (long)((IReadOnlySet<string>)a[0]!).Count;
}

using System.Diagnostics.CodeAnalysis;

namespace Kfk.LocalGateway.Filters;

/// <summary>
/// The service's OData <c>filter</c> subset (webpubsub.md §2.5): identifiers <c>userId</c>, <c>connectionId</c>,
/// <c>groups</c>; <c>and or not eq ne gt ge lt le in</c>; string, integer, boolean and null literals; the string
/// functions. String comparisons, string functions and group names ignore case, as the service documents.
/// </summary>
public sealed class ConnectionFilter
{
    public const int MaxLength = 4096;
    public const int MaxClauses = 100;
    public const int MaxDepth = 32;

    private readonly FilterExpression _expression;

    private ConnectionFilter(FilterExpression expression) => _expression = expression;

    public static bool TryParse(string text, [NotNullWhen(true)] out ConnectionFilter? filter, [NotNullWhen(false)] out string? error)
    {
        filter = null;
        if (text.Length > MaxLength)
        {
            error = $"The filter is longer than {MaxLength} characters.";
            return false;
        }
        try
        {
            filter = new ConnectionFilter(FilterParser.Parse(text));
            error = null;
            return true;
        }
        catch (InvalidFilterException ex)
        {
            error = $"Invalid filter at character {ex.Position + 1}: {ex.Message}.";
            return false;
        }
    }

    public bool Matches(FilterSubject subject) => _expression.Evaluate(subject) is true;
}

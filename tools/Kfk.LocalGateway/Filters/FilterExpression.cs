namespace Kfk.LocalGateway.Filters;

internal enum FilterType
{
    Boolean,
    String,
    Integer,
    Collection,
    Null,
}

/// <summary>
/// A node of a parsed filter. The parser checks types, so a node of type <see cref="FilterType.Boolean"/> always
/// evaluates to a bool; string and integer nodes may evaluate to null (the connection has no userId).
/// Values are <c>bool</c>, <c>string</c>, <c>long</c>, <see cref="IReadOnlySet{T}"/> of strings, or null.
/// </summary>
internal abstract class FilterExpression(FilterType type)
{
    public FilterType Type { get; } = type;

    public abstract object? Evaluate(FilterSubject subject);
}

internal sealed class LiteralExpression(FilterType type, object? value) : FilterExpression(type)
{
    public override object? Evaluate(FilterSubject subject) => value;
}

internal sealed class IdentifierExpression : FilterExpression
{
    private readonly Func<FilterSubject, object?> _read;

    private IdentifierExpression(FilterType type, Func<FilterSubject, object?> read) : base(type) => _read = read;

    public static IdentifierExpression? Named(string name) => name switch
    {
        "userId" => new(FilterType.String, s => s.UserId),
        "connectionId" => new(FilterType.String, s => s.ConnectionId),
        "groups" => new(FilterType.Collection, s => s.Groups),
        _ => null,
    };

    public override object? Evaluate(FilterSubject subject) => _read(subject);
}

internal sealed class NotExpression(FilterExpression operand) : FilterExpression(FilterType.Boolean)
{
    public override object? Evaluate(FilterSubject subject) => operand.Evaluate(subject) is not true;
}

internal sealed class LogicalExpression(bool isAnd, FilterExpression left, FilterExpression right) : FilterExpression(FilterType.Boolean)
{
    public override object? Evaluate(FilterSubject subject) => isAnd
        ? left.Evaluate(subject) is true && right.Evaluate(subject) is true
        : left.Evaluate(subject) is true || right.Evaluate(subject) is true;
}

internal sealed class ComparisonExpression(string op, FilterExpression left, FilterExpression right) : FilterExpression(FilterType.Boolean)
{
    public static readonly string[] Operators = ["eq", "ne", "gt", "ge", "lt", "le"];

    public override object? Evaluate(FilterSubject subject)
    {
        var (a, b) = (left.Evaluate(subject), right.Evaluate(subject));
        return op switch
        {
            "eq" => FilterValues.Equal(a, b),
            "ne" => !FilterValues.Equal(a, b),
            // Ordering with null is false, as in OData.
            _ when a is null || b is null => false,
            "gt" => FilterValues.Compare(a, b) > 0,
            "ge" => FilterValues.Compare(a, b) >= 0,
            "lt" => FilterValues.Compare(a, b) < 0,
            _ => FilterValues.Compare(a, b) <= 0,
        };
    }
}

internal sealed class InListExpression(FilterExpression value, IReadOnlyList<FilterExpression> items) : FilterExpression(FilterType.Boolean)
{
    public override object? Evaluate(FilterSubject subject)
    {
        var candidate = value.Evaluate(subject);
        return items.Any(item => FilterValues.Equal(candidate, item.Evaluate(subject)));
    }
}

internal sealed class InCollectionExpression(FilterExpression value, FilterExpression collection) : FilterExpression(FilterType.Boolean)
{
    public override object? Evaluate(FilterSubject subject) =>
        value.Evaluate(subject) is string name && collection.Evaluate(subject) is IReadOnlySet<string> set && set.Contains(name);
}

internal sealed class FunctionExpression(FilterFunction function, IReadOnlyList<FilterExpression> arguments) : FilterExpression(function.Result)
{
    public override object? Evaluate(FilterSubject subject)
    {
        var values = new object?[arguments.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = arguments[i].Evaluate(subject);
            if (values[i] is null)
            {
                // OData propagates null through functions; a boolean function of null is false.
                return function.Result == FilterType.Boolean ? false : null;
            }
        }
        return function.Apply(values);
    }
}

internal static class FilterValues
{
    public static bool Equal(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (null, _) or (_, null) => false,
        (string x, string y) => string.Equals(x, y, StringComparison.OrdinalIgnoreCase),
        _ => a.Equals(b),
    };

    public static int Compare(object a, object b) => (a, b) switch
    {
        (string x, string y) => string.Compare(x, y, StringComparison.OrdinalIgnoreCase),
        (long x, long y) => x.CompareTo(y),
        _ => throw new InvalidOperationException("The parser lets only strings and integers be ordered."),
    };
}

using System.Globalization;

namespace Kfk.LocalGateway.Filters;

/// <summary>
/// Recursive descent over the tokens, lowest precedence first: <c>or</c>, <c>and</c>, comparisons and <c>in</c>,
/// <c>not</c>, then values (literals, identifiers, function calls, parentheses). Types are checked while parsing, so
/// a filter that parses cannot fail when it is evaluated. Nesting and clauses are counted to bound stack and work.
/// </summary>
internal sealed class FilterParser
{
    private readonly List<FilterToken> _tokens;
    private int _next;
    private int _depth;
    private int _clauses;

    private FilterParser(List<FilterToken> tokens) => _tokens = tokens;

    public static FilterExpression Parse(string text)
    {
        var parser = new FilterParser(FilterTokenizer.Tokenize(text));
        var expression = parser.ParseOr();
        var rest = parser.Peek;
        if (rest.Kind != FilterTokenKind.End)
        {
            throw new InvalidFilterException(rest.Position, $"expected 'and', 'or' or the end of the filter but found {rest.Describe()}");
        }
        return RequireBoolean(expression, 0, "the filter");
    }

    private FilterToken Peek => _tokens[_next];

    private FilterToken Next() => _tokens[_next++];

    private FilterExpression ParseOr()
    {
        var left = ParseAnd();
        while (Peek.IsWord("or"))
        {
            var position = Next().Position;
            left = new LogicalExpression(false, RequireBoolean(left, position, "'or'"), RequireBoolean(ParseAnd(), position, "'or'"));
        }
        return left;
    }

    private FilterExpression ParseAnd()
    {
        var left = ParseComparison();
        while (Peek.IsWord("and"))
        {
            var position = Next().Position;
            left = new LogicalExpression(true, RequireBoolean(left, position, "'and'"), RequireBoolean(ParseComparison(), position, "'and'"));
        }
        return left;
    }

    private FilterExpression ParseComparison()
    {
        var left = ParseUnary();
        var op = Peek;
        if (op.Kind == FilterTokenKind.Word && ComparisonExpression.Operators.Contains(op.Text))
        {
            Next();
            var right = ParseUnary();
            CountClause(op.Position);
            CheckComparable(op, left, right);
            return new ComparisonExpression(op.Text, left, right);
        }
        return op.IsWord("in") ? ParseIn(left) : left;
    }

    private FilterExpression ParseIn(FilterExpression value)
    {
        var position = Next().Position;
        var isCollection = Peek.IsWord("groups")
            || (Peek.Kind == FilterTokenKind.OpenParen && _tokens[_next + 1].IsWord("groups") && _tokens[_next + 2].Kind == FilterTokenKind.CloseParen);
        if (isCollection)
        {
            var collection = ParsePrimary();
            CountClause(position);
            if (value.Type is not (FilterType.String or FilterType.Null))
            {
                throw new InvalidFilterException(position, "only a string can be 'in groups'");
            }
            return new InCollectionExpression(value, collection);
        }
        if (Peek.Kind != FilterTokenKind.OpenParen)
        {
            throw new InvalidFilterException(Peek.Position, $"'in' needs a list in parentheses or groups, not {Peek.Describe()}");
        }
        Next();
        var items = new List<FilterExpression>();
        do
        {
            var item = ParseUnary();
            CountClause(position);
            CheckComparable(new FilterToken(FilterTokenKind.Word, "in", position), value, item);
            items.Add(item);
        }
        while (Accept(FilterTokenKind.Comma));
        Expect(FilterTokenKind.CloseParen, "')' or ',' in the 'in' list");
        return new InListExpression(value, items);
    }

    private FilterExpression ParseUnary()
    {
        if (!Peek.IsWord("not"))
        {
            return ParsePrimary();
        }
        var position = Next().Position;
        Enter(position);
        var operand = RequireBoolean(ParseUnary(), position, "'not' (it binds tighter than comparisons: write not (userId eq 'a'))");
        _depth--;
        return new NotExpression(operand);
    }

    private FilterExpression ParsePrimary()
    {
        var token = Next();
        switch (token.Kind)
        {
            case FilterTokenKind.String:
                return new LiteralExpression(FilterType.String, token.Text);
            case FilterTokenKind.Integer:
                return long.TryParse(token.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
                    ? new LiteralExpression(FilterType.Integer, number)
                    : throw new InvalidFilterException(token.Position, $"the integer {token.Text} is out of range");
            case FilterTokenKind.OpenParen:
                Enter(token.Position);
                var inner = ParseOr();
                Expect(FilterTokenKind.CloseParen, "')'");
                _depth--;
                return inner;
            case FilterTokenKind.Word when token.Text is "true" or "false":
                CountClause(token.Position);
                return new LiteralExpression(FilterType.Boolean, token.Text == "true");
            case FilterTokenKind.Word when token.Text == "null":
                return new LiteralExpression(FilterType.Null, null);
            case FilterTokenKind.Word when IdentifierExpression.Named(token.Text) is { } identifier:
                return identifier;
            case FilterTokenKind.Word when FilterFunction.All.TryGetValue(token.Text, out var function) && Peek.Kind == FilterTokenKind.OpenParen:
                return ParseCall(token, function);
            case FilterTokenKind.Word when IsKeyword(token.Text) || FilterFunction.All.ContainsKey(token.Text):
                throw new InvalidFilterException(token.Position, $"expected a value but found {token.Describe()}");
            case FilterTokenKind.Word:
                throw new InvalidFilterException(token.Position,
                    $"unknown name '{token.Text}': the identifiers are userId, connectionId and groups; the functions are {string.Join(", ", FilterFunction.All.Keys)}");
            default:
                throw new InvalidFilterException(token.Position, $"expected a value but found {token.Describe()}");
        }
    }

    private FunctionExpression ParseCall(FilterToken name, FilterFunction function)
    {
        Enter(name.Position);
        Next();
        var arguments = new List<FilterExpression>();
        if (Peek.Kind != FilterTokenKind.CloseParen)
        {
            do
            {
                arguments.Add(ParseOr());
            }
            while (arguments.Count <= function.Parameters.Length && Accept(FilterTokenKind.Comma));
        }
        Expect(FilterTokenKind.CloseParen, $"')' after the arguments of {function.Name}");
        _depth--;
        var required = function.Parameters.Length - function.Optional;
        if (arguments.Count < required || arguments.Count > function.Parameters.Length)
        {
            var expected = function.Optional == 0 ? $"{required}" : $"{required} to {function.Parameters.Length}";
            throw new InvalidFilterException(name.Position, $"{function.Name} takes {expected} argument(s), not {arguments.Count}");
        }
        for (var i = 0; i < arguments.Count; i++)
        {
            var type = arguments[i].Type;
            if (type != FilterType.Null && !function.Parameters[i].Contains(type))
            {
                var accepted = string.Join(" or ", function.Parameters[i].Select(Name));
                throw new InvalidFilterException(name.Position, $"argument {i + 1} of {function.Name} must be {accepted}, not {Name(type)}");
            }
        }
        if (function.Result == FilterType.Boolean)
        {
            CountClause(name.Position);
        }
        return new FunctionExpression(function, arguments);
    }

    private bool Accept(FilterTokenKind kind)
    {
        if (Peek.Kind != kind)
        {
            return false;
        }
        Next();
        return true;
    }

    private void Expect(FilterTokenKind kind, string what)
    {
        if (Peek.Kind != kind)
        {
            throw new InvalidFilterException(Peek.Position, $"expected {what} but found {Peek.Describe()}");
        }
        Next();
    }

    private void Enter(int position)
    {
        if (++_depth > ConnectionFilter.MaxDepth)
        {
            throw new InvalidFilterException(position, $"the filter nests parentheses, 'not' and function calls more than {ConnectionFilter.MaxDepth} levels deep");
        }
    }

    private void CountClause(int position)
    {
        if (++_clauses > ConnectionFilter.MaxClauses)
        {
            throw new InvalidFilterException(position, $"the filter has more than {ConnectionFilter.MaxClauses} clauses (comparisons, 'in' list items, boolean functions and literals)");
        }
    }

    private static FilterExpression RequireBoolean(FilterExpression expression, int position, string what) =>
        expression.Type == FilterType.Boolean
            ? expression
            : throw new InvalidFilterException(position, $"{what} needs a boolean expression, not {Name(expression.Type)}");

    private static void CheckComparable(FilterToken op, FilterExpression left, FilterExpression right)
    {
        var (a, b) = (left.Type, right.Type);
        var ordering = op.Text is "gt" or "ge" or "lt" or "le";
        bool Usable(FilterType t) => t != FilterType.Collection && !(ordering && t == FilterType.Boolean);
        if (!Usable(a) || !Usable(b) || (a != b && a != FilterType.Null && b != FilterType.Null))
        {
            throw new InvalidFilterException(op.Position, $"cannot compare {Name(a)} with {Name(b)} using '{op.Text}'");
        }
    }

    private static bool IsKeyword(string word) => word is "and" or "or" or "not" or "in" || ComparisonExpression.Operators.Contains(word);

    private static string Name(FilterType type) => type switch
    {
        FilterType.Boolean => "a boolean",
        FilterType.String => "a string",
        FilterType.Integer => "an integer",
        FilterType.Collection => "the groups collection",
        _ => "null",
    };
}

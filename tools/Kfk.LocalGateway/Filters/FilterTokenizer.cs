using System.Text;

namespace Kfk.LocalGateway.Filters;

/// <summary>
/// Splits a filter into words (keywords, identifiers, function names), <c>'string'</c> literals with <c>''</c> as an
/// escaped quote, integers with an optional sign, parentheses and commas.
/// </summary>
internal static class FilterTokenizer
{
    public static List<FilterToken> Tokenize(string text)
    {
        var tokens = new List<FilterToken>();
        var i = 0;
        while (true)
        {
            while (i < text.Length && text[i] is ' ' or '\t' or '\r' or '\n')
            {
                i++;
            }
            if (i == text.Length)
            {
                tokens.Add(new FilterToken(FilterTokenKind.End, "", i));
                return tokens;
            }
            var start = i;
            var c = text[i];
            if (c is '(' or ')' or ',')
            {
                var kind = c == '(' ? FilterTokenKind.OpenParen : c == ')' ? FilterTokenKind.CloseParen : FilterTokenKind.Comma;
                tokens.Add(new FilterToken(kind, c.ToString(), start));
                i++;
            }
            else if (c == '\'')
            {
                tokens.Add(new FilterToken(FilterTokenKind.String, ReadString(text, ref i), start));
            }
            else if (char.IsAsciiDigit(c) || (c is '+' or '-' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                i++;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }
                tokens.Add(new FilterToken(FilterTokenKind.Integer, text[start..i], start));
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }
                tokens.Add(new FilterToken(FilterTokenKind.Word, text[start..i], start));
            }
            else
            {
                throw new InvalidFilterException(start, $"unexpected character '{c}'");
            }
        }
    }

    private static string ReadString(string text, ref int i)
    {
        var start = i;
        var value = new StringBuilder();
        i++;
        while (i < text.Length)
        {
            if (text[i] != '\'')
            {
                value.Append(text[i++]);
            }
            else if (i + 1 < text.Length && text[i + 1] == '\'')
            {
                value.Append('\'');
                i += 2;
            }
            else
            {
                i++;
                return value.ToString();
            }
        }
        throw new InvalidFilterException(start, "the string literal is not closed (write a quote inside a string as '')");
    }
}

namespace Kfk.LocalGateway.Filters;

internal enum FilterTokenKind
{
    Word,
    String,
    Integer,
    OpenParen,
    CloseParen,
    Comma,
    End,
}

/// <summary>One token of a filter; <see cref="Position"/> is its zero-based offset, for error messages.</summary>
internal readonly record struct FilterToken(FilterTokenKind Kind, string Text, int Position)
{
    public bool IsWord(string word) => Kind == FilterTokenKind.Word && Text == word;

    public string Describe() => Kind switch
    {
        FilterTokenKind.End => "the end of the filter",
        FilterTokenKind.String => $"the string '{Text}'",
        _ => $"'{Text}'",
    };
}

using Kfk.LocalGateway.Filters;

namespace Kfk.Functions.Tests.LocalGateway;

/// <summary>The local gateway's OData filter subset (webpubsub.md §2.5), parsed and evaluated against one connection.</summary>
public sealed class ConnectionFilterTests
{
    private static readonly FilterSubject Buyer = new("Conn-A1", "user:1", () => ["g1", "Room.2"]);
    private static readonly FilterSubject Anonymous = new("conn-b2", null, () => []);

    [Theory]
    [InlineData("userId eq 'user:1'", true)]
    [InlineData("userId eq 'user:2'", false)]
    [InlineData("userId ne 'user:2'", true)]
    [InlineData("connectionId eq 'Conn-A1'", true)]
    [InlineData("connectionId ne 'Conn-A1'", false)]
    [InlineData("userId gt 'user:0'", true)]
    [InlineData("userId gt 'user:1'", false)]
    [InlineData("userId ge 'user:1'", true)]
    [InlineData("userId lt 'user:2'", true)]
    [InlineData("userId lt 'user:1'", false)]
    [InlineData("userId le 'user:1'", true)]
    [InlineData("length(userId) eq 6", true)]
    [InlineData("length(userId) gt -1", true)]
    [InlineData("length(userId) le +5", false)]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("true eq true", true)]
    [InlineData("startswith(userId, 'user') eq false", false)]
    public void Comparisons(string filter, bool expected) => Assert.Equal(expected, Matches(filter, Buyer));

    [Theory]
    [InlineData("userId eq 'USER:1'", true)]
    [InlineData("connectionId eq 'conn-a1'", true)]
    [InlineData("userId in ('USER:1')", true)]
    [InlineData("'G1' in groups", true)]
    [InlineData("startswith(userId, 'USER')", true)]
    [InlineData("endswith(userId, 'R:1')", true)]
    [InlineData("contains(connectionId, 'N-a')", true)]
    [InlineData("indexof(userId, 'ER') eq 2", true)]
    [InlineData("userId gt 'USER:0'", true)]
    public void Strings_and_group_names_compare_ignoring_case(string filter, bool expected) => Assert.Equal(expected, Matches(filter, Buyer));

    [Theory]
    [InlineData("userId in ('user:1','kefu:2')", true)]
    [InlineData("userId in ('kefu:2', 'user:3')", false)]
    [InlineData("userId in ('user:1')", true)]
    [InlineData("userId in (tolower('USER:1'), 'x')", true)]
    [InlineData("length(userId) in (1, 6)", true)]
    [InlineData("'g1' in groups", true)]
    [InlineData("'g3' in groups", false)]
    [InlineData("'room.2' in (groups)", true)]
    [InlineData("not('g1' in groups)", false)]
    [InlineData("userId in ('user:1','kefu:2') and 'g1' in groups", true)]
    [InlineData("length(groups) eq 2", true)]
    [InlineData("userId in groups", false)]
    public void In_a_list_or_the_groups(string filter, bool expected) => Assert.Equal(expected, Matches(filter, Buyer));

    [Theory]
    [InlineData("tolower(userId) eq 'user:1'", true)]
    [InlineData("toupper(connectionId) eq 'CONN-A1'", true)]
    [InlineData("trim('  user:1 ') eq userId", true)]
    [InlineData("substring(userId, 5) eq '1'", true)]
    [InlineData("substring(userId, 0, 4) eq 'user'", true)]
    [InlineData("substring(userId, 99) eq ''", true)]
    [InlineData("substring(userId, -3, 99) eq 'user:1'", true)]
    [InlineData("substring(userId, 2, -1) eq ''", true)]
    [InlineData("endswith(userId, ':1')", true)]
    [InlineData("endswith(userId, ':2')", false)]
    [InlineData("startswith(userId, 'user:')", true)]
    [InlineData("startswith(userId, 'kefu:')", false)]
    [InlineData("contains(userId, 'er:')", true)]
    [InlineData("contains(userId, 'kefu')", false)]
    [InlineData("indexof(userId, ':') eq 4", true)]
    [InlineData("indexof(userId, 'x') eq -1", true)]
    [InlineData("concat(userId, '@shop') eq 'user:1@shop'", true)]
    [InlineData("concat(concat('a', 'b'), 'c') eq 'abc'", true)]
    [InlineData("length(concat(userId, connectionId)) eq 13", true)]
    [InlineData("length('') eq 0", true)]
    public void Functions(string filter, bool expected) => Assert.Equal(expected, Matches(filter, Buyer));

    [Theory]
    [InlineData("userId eq null", false, true)]
    [InlineData("userId ne null", true, false)]
    [InlineData("null eq null", true, true)]
    [InlineData("userId gt null", false, false)]
    [InlineData("userId gt 'a'", true, false)]
    [InlineData("length(userId) eq null", false, true)]
    [InlineData("startswith(userId, 'u')", true, false)]
    [InlineData("not startswith(userId, 'u')", false, true)]
    [InlineData("concat(userId, 'x') eq null", false, true)]
    [InlineData("userId in ('a', null)", false, true)]
    [InlineData("null in groups", false, false)]
    public void A_connection_without_user_has_a_null_userId(string filter, bool forBuyer, bool forAnonymous)
    {
        Assert.Equal(forBuyer, Matches(filter, Buyer));
        Assert.Equal(forAnonymous, Matches(filter, Anonymous));
    }

    [Theory]
    // and binds tighter than or
    [InlineData("true or true and false", true)]
    [InlineData("(true or true) and false", false)]
    [InlineData("false and false or true", true)]
    [InlineData("false and (false or true)", false)]
    // not binds tighter than and/or
    [InlineData("not false and false", false)]
    [InlineData("not (false and false)", true)]
    [InlineData("not true or true", true)]
    [InlineData("not not true", true)]
    // comparisons bind tighter than and/or
    [InlineData("userId eq 'x' or userId eq 'user:1' and connectionId eq 'conn-a1'", true)]
    [InlineData("userId eq 'user:1' and connectionId eq 'x' or 'g1' in groups", true)]
    [InlineData("(userId) eq ('user:1')", true)]
    [InlineData("not (userId eq 'user:1')", false)]
    public void Precedence(string filter, bool expected) => Assert.Equal(expected, Matches(filter, Buyer));

    [Fact]
    public void A_quote_inside_a_string_is_written_twice()
    {
        var subject = new FilterSubject("c", "vic's", () => []);
        Assert.True(Matches("userId eq 'vic''s'", subject));
        Assert.True(Matches("userId in ('x', 'vic''s')", subject));
        Assert.True(Matches("length('''') eq 1 and endswith(userId, '''s')", subject));
        Assert.False(Matches("userId eq 'vics'", subject));
    }

    [Fact]
    public void Whitespace_between_tokens_is_free()
    {
        Assert.True(Matches("  userId\teq\r\n'user:1'  ", Buyer));
        Assert.True(Matches("userId in('user:1')and('g1'in groups)", Buyer));
    }

    [Fact]
    public void Groups_are_looked_up_only_when_the_filter_uses_them()
    {
        var lookups = 0;
        var subject = new FilterSubject("c", "u", () =>
        {
            lookups++;
            return ["g"];
        });
        Assert.True(Matches("userId eq 'u'", subject));
        Assert.Equal(0, lookups);
        Assert.True(Matches("'g' in groups and length(groups) eq 1", subject));
        Assert.Equal(1, lookups);
    }

    [Theory]
    [InlineData("", "expected a value")]
    [InlineData("userId", "the filter needs a boolean expression, not a string")]
    [InlineData("userId eq", "expected a value but found the end")]
    [InlineData("userId eq 'a", "string literal is not closed")]
    [InlineData("userId = 'a'", "unexpected character '='")]
    [InlineData("userId == 'a'", "unexpected character '='")]
    [InlineData("UserId eq 'a'", "unknown name 'UserId'")]
    [InlineData("user eq 'a'", "unknown name 'user'")]
    [InlineData("userId EQ 'a'", "expected 'and', 'or' or the end of the filter but found 'EQ'")]
    [InlineData("userId eq 'a' and", "expected a value but found the end")]
    [InlineData("userId eq 'a' userId eq 'b'", "expected 'and', 'or' or the end of the filter but found 'userId'")]
    [InlineData("userId eq 'a' eq true", "expected 'and', 'or' or the end")]
    [InlineData("(userId eq 'a'", "expected ')' but found the end")]
    [InlineData("userId eq 'a')", "found ')'")]
    [InlineData("not userId eq 'a'", "'not' (it binds tighter than comparisons")]
    [InlineData("userId eq 1", "cannot compare a string with an integer using 'eq'")]
    [InlineData("true gt false", "cannot compare a boolean with a boolean using 'gt'")]
    [InlineData("groups eq 'g1'", "cannot compare the groups collection with a string")]
    [InlineData("userId and true", "'and' needs a boolean expression, not a string")]
    [InlineData("true or 1", "'or' needs a boolean expression, not an integer")]
    [InlineData("userId in ()", "expected a value but found ')'")]
    [InlineData("userId in 'a'", "'in' needs a list in parentheses or groups")]
    [InlineData("userId in ('a' 'b')", "expected ')' or ',' in the 'in' list")]
    [InlineData("userId in ('a', 1)", "cannot compare a string with an integer using 'in'")]
    [InlineData("1 in groups", "only a string can be 'in groups'")]
    [InlineData("startswith(userId)", "startswith takes 2 argument(s), not 1")]
    [InlineData("substring(userId)", "substring takes 2 to 3 argument(s), not 1")]
    [InlineData("substring(userId, 1, 2, 3) eq 'a'", "substring takes 2 to 3 argument(s)")]
    [InlineData("tolower(1) eq 'a'", "argument 1 of tolower must be a string, not an integer")]
    [InlineData("substring(userId, 'a') eq 'a'", "argument 2 of substring must be an integer, not a string")]
    [InlineData("length(true) eq 1", "argument 1 of length must be a string or the groups collection")]
    [InlineData("startswith eq 'a'", "expected a value but found 'startswith'")]
    [InlineData("frobnicate(userId)", "unknown name 'frobnicate'")]
    [InlineData("length(userId) eq 99999999999999999999", "the integer 99999999999999999999 is out of range")]
    [InlineData("userId eq 'a' or", "expected a value")]
    [InlineData("userId eq - 1", "unexpected character '-'")]
    [InlineData("userId eq \"a\"", "unexpected character '\"'")]
    public void Invalid_filters_are_refused_with_a_reason(string filter, string reason)
    {
        Assert.False(ConnectionFilter.TryParse(filter, out var parsed, out var error));
        Assert.Null(parsed);
        Assert.StartsWith("Invalid filter at character ", error);
        Assert.Contains(reason, error);
    }

    [Fact]
    public void The_error_names_the_character_where_the_filter_goes_wrong()
    {
        Assert.False(ConnectionFilter.TryParse("userId eq 'a' and ?", out _, out var error));
        Assert.StartsWith("Invalid filter at character 19:", error);
    }

    [Fact]
    public void A_filter_of_up_to_100_clauses_is_accepted_and_one_more_is_refused()
    {
        var hundred = string.Join(" or ", Enumerable.Range(1, 100).Select(i => $"userId eq 'user:{i}'"));
        Assert.True(Matches(hundred, Buyer));
        Assert.False(ConnectionFilter.TryParse(hundred + " or userId eq 'x'", out _, out var error));
        Assert.Contains($"more than {ConnectionFilter.MaxClauses} clauses", error);

        var list = $"userId in ({string.Join(",", Enumerable.Range(1, 100).Select(i => $"'user:{i}'"))})";
        Assert.True(Matches(list, Buyer));
        Assert.False(ConnectionFilter.TryParse(list.Replace("('user:1',", "('user:0','user:1',"), out _, out error));
        Assert.Contains("more than 100 clauses", error);
    }

    [Fact]
    public void A_filter_longer_than_the_limit_is_refused_before_parsing()
    {
        var padded = "userId eq '" + new string('x', ConnectionFilter.MaxLength) + "'";
        Assert.False(ConnectionFilter.TryParse(padded, out _, out var error));
        Assert.Equal($"The filter is longer than {ConnectionFilter.MaxLength} characters.", error);
        Assert.True(ConnectionFilter.TryParse("userId eq '" + new string('x', ConnectionFilter.MaxLength - 12) + "'", out _, out _));
    }

    [Fact]
    public void Deep_nesting_is_refused_without_exhausting_the_stack()
    {
        var nested = new string('(', 32) + "true" + new string(')', 32);
        Assert.True(Matches(nested, Buyer));
        Assert.False(ConnectionFilter.TryParse("(" + nested + ")", out _, out var error));
        Assert.Contains("more than 32 levels deep", error);

        foreach (var hostile in new[]
        {
            new string('(', ConnectionFilter.MaxLength),
            string.Concat(Enumerable.Repeat("not ", (ConnectionFilter.MaxLength / 4) - 1)) + "true",
            string.Concat(Enumerable.Repeat("tolower(", ConnectionFilter.MaxLength / 8)),
            "userId in " + new string('(', ConnectionFilter.MaxLength - 10),
        })
        {
            Assert.False(ConnectionFilter.TryParse(hostile, out _, out error));
            Assert.Contains("levels deep", error);
        }
    }

    private static bool Matches(string filter, FilterSubject subject)
    {
        Assert.True(ConnectionFilter.TryParse(filter, out var parsed, out var error), error);
        return parsed.Matches(subject);
    }
}

using System.Text;
using System.Text.RegularExpressions;

namespace Kfk.LocalGateway.Permissions;

/// <summary>
/// A wildcard group pattern of the <c>webpubsub.joinLeaveGroups.&lt;pattern&gt;</c> / <c>webpubsub.sendToGroups.&lt;pattern&gt;</c>
/// roles: <c>?</c> one char but '.', <c>*</c> any run without '.', <c>**</c> anything, <c>\</c> escapes; case-sensitive.
/// </summary>
public sealed class GroupPattern
{
    /// <summary>The documented limit of <c>*</c> per pattern; longer patterns are ignored like invalid ones.</summary>
    public const int MaxStars = 5;

    private readonly Regex _regex;

    private GroupPattern(Regex regex) => _regex = regex;

    public static GroupPattern? TryParse(string pattern)
    {
        if (pattern.Length is 0 or > 1024 || Stars(pattern) > MaxStars)
        {
            return null;
        }
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                regex.Append(Regex.Escape(pattern[++i].ToString()));
            }
            else if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                regex.Append(".*");
                i++;
            }
            else if (c == '*')
            {
                regex.Append("[^.]*");
            }
            else if (c == '?')
            {
                regex.Append("[^.]");
            }
            else
            {
                regex.Append(Regex.Escape(c.ToString()));
            }
        }
        // Non-backtracking: matching time is linear in the group name whatever the pattern.
        return new GroupPattern(new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant | RegexOptions.Singleline | RegexOptions.NonBacktracking));
    }

    public bool Matches(string group) => _regex.IsMatch(group);

    private static int Stars(string pattern)
    {
        var count = 0;
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '\\')
            {
                i++;
            }
            else if (pattern[i] == '*')
            {
                count++;
            }
        }
        return count;
    }
}

using System.Text;
using System.Text.RegularExpressions;

namespace Kfk.LocalGateway.Clients;

/// <summary>
/// PubSub client permissions from roles: <c>webpubsub.joinLeaveGroup[.g]</c>, <c>webpubsub.sendToGroup[.g]</c>, and the
/// wildcard forms <c>webpubsub.joinLeaveGroups.&lt;pattern&gt;</c> / <c>webpubsub.sendToGroups.&lt;pattern&gt;</c>.
/// </summary>
public static class Permissions
{
    public const string JoinLeaveGroup = "joinLeaveGroup";
    public const string SendToGroup = "sendToGroup";

    public static bool Allows(IEnumerable<string> roles, string permission, string group)
    {
        foreach (var role in roles)
        {
            if (role == $"webpubsub.{permission}" || role == $"webpubsub.{permission}.{group}")
            {
                return true;
            }
            var wildcardPrefix = $"webpubsub.{permission}s.";
            if (role.StartsWith(wildcardPrefix, StringComparison.Ordinal) && Matches(role[wildcardPrefix.Length..], group))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Pattern: <c>?</c> one char but '.', <c>*</c> any run without '.', <c>**</c> anything, <c>\</c> escapes.</summary>
    public static bool Matches(string pattern, string group)
    {
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
        return Regex.IsMatch(group, regex.Append('$').ToString(), RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
    }
}

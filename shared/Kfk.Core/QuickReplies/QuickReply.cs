using Kfk.Core.Common;
using Kfk.Core.PlatformData;

namespace Kfk.Core.QuickReplies;

/// <summary>A canned answer agents of a shop pick from (快捷回复), listed by <see cref="Sort"/>.</summary>
public sealed record QuickReply(long Id, long ShopId, string Title, string Content, int Sort, DateTimeOffset UpdatedAt)
{
    public const int MaxTitleLength = 50;
    public const int MaxContentLength = 2000;

    public static Error? Validate(string? title, string? content, int? sort, bool partial) => PlatformDataRules.First(
        partial && title is null ? null : PlatformDataRules.Name(title, "title") ?? PlatformDataRules.Text(title, "title", MaxTitleLength),
        partial && content is null ? null
            : string.IsNullOrWhiteSpace(content) ? Error.Validation("required", "content is required.", "content")
            : PlatformDataRules.Text(content, "content", MaxContentLength),
        sort is null or (>= 0 and <= 9999) ? null : Error.Validation("invalid_sort", "sort must be 0-9999.", "sort"));
}

using System.Text.RegularExpressions;
using Kfk.Core.Common;

namespace Kfk.Core.PlatformData;

/// <summary>The shapes the platform API accepts; each failure names its field.</summary>
public static partial class PlatformDataRules
{
    public const int MaxNameLength = 100;
    public const int MaxUrlLength = 1024;
    public const int MaxOrderLines = 100;

    public static Error? Id(long id, string field) =>
        id > 0 ? null : Error.Validation("invalid_id", $"{field} must be a positive integer.", field);

    public static Error? OrderSn(string sn) =>
        IsOrderSn(sn) ? null : Error.Validation("invalid_order_sn", "order_sn must be 1-64 characters of A-Z, a-z, 0-9, _ and -.", "order_sn");

    public static Error? Name(string? value, string field, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return required ? Error.Validation("required", $"{field} is required.", field) : null;
        }
        return value.Length <= MaxNameLength ? null : Error.Validation("too_long", $"{field} is at most {MaxNameLength} characters.", field);
    }

    public static Error? Url(string? value, string field) =>
        value is null || value.Length == 0 || (value.Length <= MaxUrlLength && Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            ? null
            : Error.Validation("invalid_url", $"{field} must be an http(s) URL of at most {MaxUrlLength} characters.", field);

    public static Error? Amount(string? value, string field) =>
        value is null || AmountPattern().IsMatch(value)
            ? null
            : Error.Validation("invalid_amount", $"{field} must be a decimal string with at most 2 decimals, e.g. \"12.50\".", field);

    public static Error? Text(string? value, string field, int max) =>
        value is null || value.Length <= max ? null : Error.Validation("too_long", $"{field} is at most {max} characters.", field);

    /// <summary>An order number (which also names the order's dispute room): 1-64 characters of A-Z, a-z, 0-9, _ and -.</summary>
    public static bool IsOrderSn(string? sn) => !string.IsNullOrEmpty(sn) && OrderSnPattern().IsMatch(sn);

    /// <summary>The first error, if any.</summary>
    public static Error? First(params Error?[] errors) => errors.FirstOrDefault(e => e is not null);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex OrderSnPattern();

    [GeneratedRegex(@"^\d{1,12}(\.\d{1,2})?$")]
    private static partial Regex AmountPattern();
}

namespace Kfk.Core.Common;

/// <summary>The codes of a refused chat message, the same in support conversations and dispute rooms.</summary>
public static class MessageErrors
{
    public const string TypeInvalid = "message_type_invalid";
    public const string Empty = "message_empty";
    public const string TooLong = "message_too_long";

    /// <summary>An image message whose address is not a stored image of this deployment.</summary>
    public const string ImageInvalid = "image_invalid";

    public static Error Blank(string field) => Error.Validation(Empty, $"{field} must not be empty.", field);

    public static Error LongerThan(int maxLength, string field) => Error.Validation(TooLong, $"{field} has at most {maxLength} characters.", field);

    public static Error NotAStoredImage(string field) => Error.Validation(ImageInvalid, $"{field} must be the address of an image Kfk stored.", field);
}

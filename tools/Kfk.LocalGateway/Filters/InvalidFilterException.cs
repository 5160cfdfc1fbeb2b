namespace Kfk.LocalGateway.Filters;

/// <summary>Unwinds the parser on the first error; <see cref="ConnectionFilter.TryParse"/> turns it into a message.</summary>
internal sealed class InvalidFilterException(int position, string message) : Exception(message)
{
    public int Position { get; } = position;
}

namespace Kfk.Core.Disputes;

/// <summary>Who in a room hears a live notice.</summary>
public enum RoomAudience
{
    Everyone,
    Buyers,
}

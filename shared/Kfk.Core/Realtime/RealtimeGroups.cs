namespace Kfk.Core.Realtime;

/// <summary>The Web PubSub groups Kfk puts connections in.</summary>
public static class RealtimeGroups
{
    /// <summary>Every connection of one identity (<see cref="RealtimeUserIds"/>): a sender's other devices.</summary>
    public static string Identity(string realtimeUserId) => "id:" + realtimeUserId;

    /// <summary>Every connection logged into an order's dispute room.</summary>
    public static string Room(string orderSn) => "room:" + orderSn;

    /// <summary>The buyer's connections in an order's dispute room (safety tips go only there).</summary>
    public static string RoomBuyers(string orderSn) => "room-buyer:" + orderSn;
}

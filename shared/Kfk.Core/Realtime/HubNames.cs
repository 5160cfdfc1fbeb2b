namespace Kfk.Core.Realtime;

/// <summary>The Web PubSub hubs Kfk serves, one per wire dialect.</summary>
public static class HubNames
{
    /// <summary>Support chat: the likeshop buyer apps and the kefu workbench. Buyers' and agents' presence is counted here.</summary>
    public const string Likeshop = "likeshop";

    /// <summary>Kuaifaka dispute rooms.</summary>
    public const string Kfk = "kfk";

    public static readonly IReadOnlyList<string> All = [Likeshop, Kfk];
}

namespace Kfk.Functions.Tests.Observability;

/// <summary>
/// The log of a demo-like session reads as a story (Kfk's own lines for each business event, the frameworks quiet at
/// their Warning default), and holds none of the credentials the session used.
/// </summary>
[Collection(ChatSession.Collection)]
public sealed class SessionLogTests(ChatSession session)
{
    [Fact]
    public void TheLog_HoldsNoTokenKeyOrPassword()
    {
        var text = session.Logs.Text;

        Assert.NotEmpty(session.Logs.Lines);
        foreach (var (what, value) in session.Secrets())
        {
            Assert.False(text.Contains(value, StringComparison.Ordinal), $"the log holds {what}");
        }
    }

    [Fact]
    public void TheLog_TellsTheSession()
    {
        var text = session.Logs.Text;
        string user = $"user:{session.UserId}", kefu = $"kefu:{session.KefuId}";

        Assert.Contains($"Kefu {session.KefuId} (", text);
        Assert.Contains($"of shop {session.ShopId} signed in from", text);
        Assert.Contains($"Token issued (user) for user {session.UserId} (client 6)", text);
        Assert.Contains($"likeshop connect of {user} accepted", text);
        Assert.Contains($"likeshop connect of {kefu} accepted", text);
        Assert.Contains($"likeshop chat from {user} refused: {Kfk.Core.Common.MessageErrors.TypeInvalid}", text);
        Assert.Contains("likeshop connect refused with 401", text);
        Assert.Contains($"of {user} ended", text);
        Assert.Contains($"Kefu {session.KefuId} of shop {session.ShopId} disabled", text);
    }

    [Fact]
    public void FramesHandled_StayBelowTheDefaultLevel()
    {
        // The session's chats were handled (the refused one is logged above); a line per message is Debug.
        Assert.Contains($"likeshop chat from user:{session.UserId} refused", session.Logs.Text);
        Assert.DoesNotContain(session.Logs.Lines, l => l.Contains(" handled in ", StringComparison.Ordinal));
    }

    [Fact]
    public void FrameworkNoise_StaysBelowTheDefaultLevel()
    {
        var framework = session.Logs.Lines.Where(l => l.StartsWith("Information Microsoft.AspNetCore", StringComparison.Ordinal)
            || l.StartsWith("Information System.Net.Http", StringComparison.Ordinal)
            || l.StartsWith("Information Azure.", StringComparison.Ordinal)).ToList();

        Assert.Empty(framework);
    }
}

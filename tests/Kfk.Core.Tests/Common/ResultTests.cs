using Kfk.Core.Common;

namespace Kfk.Core.Tests.Common;

public sealed class ResultTests
{
    [Fact]
    public void Result_FromValue_IsSuccess()
    {
        Result<int> result = 42;

        Assert.True(result.IsSuccess);
        Assert.Equal(42, result.Value);
        Assert.Equal("ok 42", result.Match(v => $"ok {v}", e => e.Code));
    }

    [Fact]
    public void Result_FromError_ExposesTheError_AndRefusesTheValue()
    {
        Result<int> result = Error.Conflict("dispute_open", "An open dispute exists for this order.");

        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorKind.Conflict, result.Error.Kind);
        Assert.Equal("dispute_open", result.Match(v => "ok", e => e.Code));
        Assert.Throws<InvalidOperationException>(() => result.Value);
    }
}

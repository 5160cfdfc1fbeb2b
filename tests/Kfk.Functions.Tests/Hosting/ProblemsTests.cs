using Kfk.Core.Common;
using Kfk.Functions.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace Kfk.Functions.Tests.Hosting;

public sealed class ProblemsTests
{
    [Theory]
    [InlineData(ErrorKind.Validation, 400)]
    [InlineData(ErrorKind.Unauthorized, 401)]
    [InlineData(ErrorKind.Forbidden, 403)]
    [InlineData(ErrorKind.NotFound, 404)]
    [InlineData(ErrorKind.Conflict, 409)]
    [InlineData(ErrorKind.TooManyRequests, 429)]
    [InlineData(ErrorKind.Unavailable, 503)]
    public void ToProblem_MapsKindToStatus_AndCarriesTheCode(ErrorKind kind, int status)
    {
        var problem = new Error(kind, "some_code", "Something specific.", "field_name").ToProblem();

        ProblemDetails details = problem.ProblemDetails;
        Assert.Equal(status, problem.StatusCode);
        Assert.Equal("Something specific.", details.Detail);
        Assert.Equal("some_code", details.Extensions["code"]);
        Assert.Equal("field_name", details.Extensions["field"]);
    }
}

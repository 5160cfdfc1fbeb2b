using System.Text.Json;
using Kfk.Functions.Hosting;
using Microsoft.AspNetCore.Http;

namespace Kfk.Functions.Tests.Hosting;

/// <summary>The framework's binding messages, as ASP.NET Core words them, and what clients are told.</summary>
public sealed class BadRequestProblemsTests
{
    [Theory]
    [InlineData("Failed to bind parameter \"int? limit\" from \"abc\".", "invalid_parameter", "limit")]
    [InlineData("Failed to bind parameter \"long shop_id\" from \"1e3\".", "invalid_parameter", "shop_id")]
    [InlineData("Required parameter \"string keyword\" was not provided from query string.", "required", "keyword")]
    [InlineData("Required parameter \"UpsertUserRequest body\" was not provided from body.", "missing_body", null)]
    [InlineData("Implicit body inferred for parameter \"body\" but no body was provided. Did you mean to use a Service instead?", "missing_body", null)]
    public void Describe_NamesTheParameter(string message, string code, string? field)
    {
        var failure = BadRequestProblems.Describe(new BadHttpRequestException(message));

        Assert.Equal(code, failure.Code);
        Assert.Equal(field, failure.Field);
        Assert.DoesNotContain("Service", failure.Detail, StringComparison.Ordinal);
        if (field is not null)
        {
            Assert.Contains(field, failure.Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Describe_JsonFailure_NamesThePath_WithoutClrNamespaces()
    {
        var json = new JsonException("The JSON value could not be converted to System.Int32. Path: $.goods[0].num | LineNumber: 0 | BytePositionInLine: 9.",
            "$.goods[0].num", 0, 9);

        var failure = BadRequestProblems.Describe(new BadHttpRequestException("Failed to read parameter \"UpsertOrderRequest body\" from the request body as JSON.", json));

        Assert.Equal("invalid_json", failure.Code);
        Assert.Equal("goods[0].num", failure.Field);
        Assert.Equal("The request body at 'goods[0].num' is not acceptable JSON: The JSON value could not be converted to Int32.", failure.Detail);
    }

    [Fact]
    public void Describe_OtherRefusals_KeepTheirStatusCode()
    {
        var failure = BadRequestProblems.Describe(new BadHttpRequestException("Request body too large. The max request body size is 16384 bytes.", 413));

        Assert.Equal("payload_too_large", failure.Code);
        Assert.Null(failure.Field);
    }
}

using System.ComponentModel.DataAnnotations;
using Kfk.Azure.Storage;

namespace Kfk.Azure.Tests.Storage;

public sealed class StorageOptionsTests
{
    [Theory]
    [InlineData(null, null)]
    [InlineData("UseDevelopmentStorage=true", "kfkstore")]
    [InlineData("", " ")]
    public void Validate_WithoutExactlyOneSource_IsInvalid(string? connectionString, string? accountName)
    {
        var options = new StorageOptions { ConnectionString = connectionString, AccountName = accountName };

        var errors = options.Validate(new ValidationContext(options)).ToList();

        Assert.Contains(errors, e => e.ErrorMessage!.Contains("exactly one", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Kfk-Store")]
    [InlineData("ab")]
    [InlineData("averyveryverylongaccountname")]
    public void Validate_WithMalformedAccountName_IsInvalid(string accountName)
    {
        var options = new StorageOptions { AccountName = accountName };

        Assert.Single(options.Validate(new ValidationContext(options)));
    }

    [Fact]
    public void ServiceEndpoint_WithAccountName_DerivesPublicEndpoints_AndHonoursOverrides()
    {
        var options = new StorageOptions { AccountName = "kfkstore", BlobEndpoint = new Uri("https://blobs.example.test/") };

        Assert.Empty(options.Validate(new ValidationContext(options)));
        Assert.Equal(new Uri("https://kfkstore.table.core.windows.net"), options.ServiceEndpoint("table"));
        Assert.Equal(new Uri("https://blobs.example.test/"), options.ServiceEndpoint("blob"));
    }
}

using System.ComponentModel.DataAnnotations;

namespace Kfk.Azure.WebPubSub;

/// <summary>
/// How Kfk reaches Azure Web PubSub (or the local gateway). Two modes:
/// access keys (<see cref="ConnectionString"/>, plus <see cref="SecondaryAccessKey"/> during rotation), or
/// Entra ID (<see cref="Endpoint"/> only; REST calls use the managed identity, the event handler checks the
/// service's managed-identity token instead of <c>ce-signature</c>).
/// </summary>
public sealed class WebPubSubOptions : IValidatableObject
{
    public const string SectionName = "Kfk:WebPubSub";

    public string? ConnectionString { get; set; }

    /// <summary>The other access key of the resource; both are accepted for <c>ce-signature</c> while keys rotate.</summary>
    public string? SecondaryAccessKey { get; set; }

    /// <summary>Entra ID mode: the service endpoint, e.g. <c>https://kfk.webpubsub.azure.com</c>.</summary>
    public Uri? Endpoint { get; set; }

    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Entra ID mode: the audience of the token the service sends to the event handler (its auth resource).</summary>
    public string? EventHandlerAudience { get; set; }

    /// <summary>Entra ID mode: the tenant whose tokens the event handler accepts.</summary>
    public string? TenantId { get; set; }

    /// <summary>
    /// Signs the connection state Kfk hands the service, so that a state can neither be forged nor moved to
    /// another connection. At least 32 characters; the same on every instance.
    /// </summary>
    [Required(ErrorMessage = "Kfk:WebPubSub:ConnectionStateKey is required (32+ random characters, the same on every instance).")]
    [StringLength(int.MaxValue, MinimumLength = 32, ErrorMessage = "Kfk:WebPubSub:ConnectionStateKey must be at least 32 characters.")]
    public string ConnectionStateKey { get; set; } = "";

    /// <summary>Lifetime of client access tokens issued by negotiate.</summary>
    public TimeSpan ClientTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    public bool UsesAccessKeys => !string.IsNullOrWhiteSpace(ConnectionString);

    public Uri ServiceEndpoint => UsesAccessKeys ? WebPubSubConnectionString.Parse(ConnectionString!).Endpoint : Endpoint!;

    /// <summary>Every access key that may have signed an event (primary first).</summary>
    public IReadOnlyList<string> AccessKeys
    {
        get
        {
            if (!UsesAccessKeys)
            {
                return [];
            }
            var keys = new List<string> { WebPubSubConnectionString.Parse(ConnectionString!).AccessKey };
            if (!string.IsNullOrWhiteSpace(SecondaryAccessKey))
            {
                keys.Add(SecondaryAccessKey);
            }
            return keys;
        }
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (UsesAccessKeys == (Endpoint is not null))
        {
            yield return new ValidationResult(
                "Set exactly one of Kfk:WebPubSub:ConnectionString (access keys) or Kfk:WebPubSub:Endpoint (Entra ID).",
                [nameof(ConnectionString), nameof(Endpoint)]);
            yield break;
        }
        if (UsesAccessKeys)
        {
            string? error = null;
            try
            {
                WebPubSubConnectionString.Parse(ConnectionString!);
            }
            catch (FormatException ex)
            {
                error = ex.Message;
            }
            if (error is not null)
            {
                yield return new ValidationResult("Kfk:WebPubSub:ConnectionString: " + error, [nameof(ConnectionString)]);
            }
        }
        else if (string.IsNullOrWhiteSpace(EventHandlerAudience) || string.IsNullOrWhiteSpace(TenantId))
        {
            yield return new ValidationResult(
                "Entra ID mode needs Kfk:WebPubSub:EventHandlerAudience and Kfk:WebPubSub:TenantId to authenticate the service's events.",
                [nameof(EventHandlerAudience), nameof(TenantId)]);
        }
        if (ClientTokenLifetime <= TimeSpan.Zero || ClientTokenLifetime > TimeSpan.FromDays(1))
        {
            yield return new ValidationResult("Kfk:WebPubSub:ClientTokenLifetime must be between 0 and 1 day.", [nameof(ClientTokenLifetime)]);
        }
    }
}

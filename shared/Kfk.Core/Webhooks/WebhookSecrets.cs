using System.Security.Cryptography;

namespace Kfk.Core.Webhooks;

/// <summary>Signing secrets in the Standard Webhooks form: <c>whsec_</c> and the base64 of 32 random bytes (the HMAC key).</summary>
public static class WebhookSecrets
{
    public const string Prefix = "whsec_";

    public static string New() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static byte[] KeyOf(string secret) => Convert.FromBase64String(secret.StartsWith(Prefix, StringComparison.Ordinal) ? secret[Prefix.Length..] : secret);
}

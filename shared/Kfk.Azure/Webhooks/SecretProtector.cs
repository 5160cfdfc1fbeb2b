using System.Security.Cryptography;
using System.Text;

namespace Kfk.Azure.Webhooks;

/// <summary>
/// Signing secrets at rest: AES-256-GCM with a key derived (HKDF-SHA256) from <c>Kfk:Webhooks:SecretKey</c>, so a copy of
/// the table alone does not let anyone sign as Kfk. Stored as <c>v1:</c> + base64(nonce ‖ tag ‖ ciphertext).
/// </summary>
public sealed class SecretProtector
{
    private const string Version = "v1:";
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private readonly byte[] _key;

    public SecretProtector(string keyMaterial)
    {
        if (string.IsNullOrEmpty(keyMaterial))
        {
            throw new ArgumentException("The webhook secret key is empty.", nameof(keyMaterial));
        }
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(keyMaterial), 32, info: Encoding.ASCII.GetBytes("kfk webhook secrets v1"));
    }

    public string Protect(string secret)
    {
        var plain = Encoding.UTF8.GetBytes(secret);
        var sealedBytes = new byte[NonceBytes + TagBytes + plain.Length];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagBytes);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes));
        return Version + Convert.ToBase64String(sealedBytes);
    }

    /// <exception cref="CryptographicException">The key changed or the value was tampered with.</exception>
    public string Unprotect(string stored)
    {
        if (!stored.StartsWith(Version, StringComparison.Ordinal))
        {
            throw new CryptographicException("Not a protected webhook secret.");
        }
        var sealedBytes = Convert.FromBase64String(stored[Version.Length..]);
        if (sealedBytes.Length < NonceBytes + TagBytes)
        {
            throw new CryptographicException("Not a protected webhook secret.");
        }
        var plain = new byte[sealedBytes.Length - NonceBytes - TagBytes];
        using var aes = new AesGcm(_key, TagBytes);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), plain);
        return Encoding.UTF8.GetString(plain);
    }
}

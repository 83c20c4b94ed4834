using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace GyroEdge.Messaging.Tests.Support;

/// <summary>
/// A throwaway PKI in a temporary folder, as PEM files mosquitto and libmosquitto (OpenSSL) read:
/// a CA, a broker certificate it signed, a device certificate with an encrypted key, and an
/// unrelated CA that signed nothing here.
/// </summary>
internal sealed class TlsMaterial : IDisposable
{
    public const string DeviceKeyPassword = "gyro-edge-test";

    private TlsMaterial(string folder)
    {
        Folder = folder;
    }

    public string Folder { get; }
    public string CaFile => Path.Combine(Folder, "ca.crt");
    public string OtherCaFile => Path.Combine(Folder, "other-ca.crt");
    public string BrokerCertificateFile => Path.Combine(Folder, "broker.crt");
    public string BrokerKeyFile => Path.Combine(Folder, "broker.key");
    public string DeviceCertificateFile => Path.Combine(Folder, "device.crt");
    public string EncryptedDeviceKeyFile => Path.Combine(Folder, "device.key");

    /// <summary>The device certificate's common name, which the broker can use as user name.</summary>
    public string DeviceName { get; } = "cam-" + Guid.NewGuid().ToString("N")[..6];

    /// <summary>mosquitto.conf listener lines serving the broker certificate.</summary>
    public IEnumerable<string> ListenerSettings(bool requireClientCertificate = false) =>
    [
        $"cafile {CaFile}",
        $"certfile {BrokerCertificateFile}",
        $"keyfile {BrokerKeyFile}",
        $"require_certificate {(requireClientCertificate ? "true" : "false")}",
        $"use_identity_as_username {(requireClientCertificate ? "true" : "false")}",
    ];

    /// <summary>Creates the files; the broker certificate names <paramref name="brokerNames"/> (IP addresses or DNS names).</summary>
    public static TlsMaterial Create(params string[] brokerNames)
    {
        var material = new TlsMaterial(Directory.CreateTempSubdirectory("gyroedge-tls-").FullName);
        var notBefore = DateTimeOffset.UtcNow.AddHours(-1);
        var notAfter = DateTimeOffset.UtcNow.AddDays(1);

        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var ca = CreateCa("GyroEdge Test CA", caKey, notBefore, notAfter);
        File.WriteAllText(material.CaFile, ca.ExportCertificatePem());

        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = CreateCa("Some Other CA", otherKey, notBefore, notAfter);
        File.WriteAllText(material.OtherCaFile, other.ExportCertificatePem());

        var names = new SubjectAlternativeNameBuilder();
        foreach (var name in brokerNames)
        {
            if (IPAddress.TryParse(name, out var address))
                names.AddIpAddress(address);
            else
                names.AddDnsName(name);
        }
        using var brokerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var broker = CreateLeaf("GyroEdge test broker", brokerKey, ca, names.Build(), "1.3.6.1.5.5.7.3.1", notBefore, notAfter);
        File.WriteAllText(material.BrokerCertificateFile, broker.ExportCertificatePem());
        File.WriteAllText(material.BrokerKeyFile, brokerKey.ExportPkcs8PrivateKeyPem());

        using var deviceKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var deviceNames = new SubjectAlternativeNameBuilder();
        deviceNames.AddDnsName(material.DeviceName);
        using var device = CreateLeaf(material.DeviceName, deviceKey, ca, deviceNames.Build(), "1.3.6.1.5.5.7.3.2", notBefore, notAfter);
        File.WriteAllText(material.DeviceCertificateFile, device.ExportCertificatePem());
        File.WriteAllText(material.EncryptedDeviceKeyFile, deviceKey.ExportEncryptedPkcs8PrivateKeyPem(
            DeviceKeyPassword, new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 10_000)));
        return material;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }

    private static X509Certificate2 CreateCa(string name, ECDsa key, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        return request.CreateSelfSigned(notBefore, notAfter);
    }

    private static X509Certificate2 CreateLeaf(string name, ECDsa key, X509Certificate2 issuer, X509Extension alternativeNames, string usage, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], critical: false));
        request.CertificateExtensions.Add(alternativeNames);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        return request.Create(issuer, notBefore, notAfter, RandomNumberGenerator.GetBytes(16));
    }
}

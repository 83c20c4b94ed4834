namespace GyroEdge.Messaging.Mosquitto;

/// <summary>
/// TLS for the broker connection (mosquitto_tls_set / _tls_opts_set / _tls_insecure_set). The
/// broker's certificate is always verified against <see cref="CaFile"/> or <see cref="CaPath"/>;
/// a client certificate gives the device its own identity.
/// </summary>
public sealed class MqttTlsOptions
{
    /// <summary>PEM file with the CA certificate(s) that signed the broker's certificate.</summary>
    public string? CaFile { get; set; }

    /// <summary>Directory of hashed PEM CA certificates (c_rehash), instead of or beside <see cref="CaFile"/>.</summary>
    public string? CaPath { get; set; }

    /// <summary>PEM client certificate (chain); needs <see cref="KeyFile"/>.</summary>
    public string? CertificateFile { get; set; }

    /// <summary>PEM private key of <see cref="CertificateFile"/>.</summary>
    public string? KeyFile { get; set; }

    /// <summary>
    /// Password of an encrypted <see cref="KeyFile"/>. Without it an encrypted key fails to load; the
    /// client never falls back to OpenSSL's terminal prompt, which would hang a daemon.
    /// </summary>
    public string? KeyPassword { get; set; }

    /// <summary>
    /// Skips checking that the broker's certificate names the host connected to. Off by default; only
    /// for a test bench, since it lets anyone with a certificate from the same CA impersonate the broker.
    /// </summary>
    public bool AllowUntrustedHostname { get; set; }

    public MqttTlsVersion MinimumVersion { get; set; } = MqttTlsVersion.Tls12;

    internal void Validate(string path)
    {
        if (string.IsNullOrEmpty(CaFile) && string.IsNullOrEmpty(CaPath))
        {
            throw new MqttOptionsException(path + ".CaFile",
                $"{path}.CaFile and {path}.CaPath are both empty; TLS needs the CA that signed the broker's certificate. Set CaFile to its PEM file (e.g. /etc/gyroedge/tls/ca.crt).");
        }
        CheckFile(CaFile, path + ".CaFile", "the PEM file of the CA that signed the broker's certificate");
        if (!string.IsNullOrEmpty(CaPath) && !Directory.Exists(CaPath))
        {
            throw new MqttOptionsException(path + ".CaPath",
                $"{path}.CaPath names {Path.GetFullPath(CaPath)}, which is not a directory. Expected a directory of hashed CA certificates; fix the path or use CaFile.");
        }
        if (string.IsNullOrEmpty(CertificateFile) != string.IsNullOrEmpty(KeyFile))
        {
            var missing = string.IsNullOrEmpty(CertificateFile) ? "CertificateFile" : "KeyFile";
            throw new MqttOptionsException(path + "." + missing,
                $"{path}.{missing} is empty while its partner is set; a client certificate needs both the certificate and its private key. Set both or neither.");
        }
        CheckFile(CertificateFile, path + ".CertificateFile", "the device's PEM client certificate");
        CheckFile(KeyFile, path + ".KeyFile", "the PEM private key of the client certificate");
        if (!Enum.IsDefined(MinimumVersion))
            throw new MqttOptionsException(path + ".MinimumVersion", $"{path}.MinimumVersion is {(int)MinimumVersion}; use Tls12 or Tls13.");
    }

    private static void CheckFile(string? file, string path, string expected)
    {
        if (string.IsNullOrEmpty(file) || File.Exists(file))
            return;
        throw new MqttOptionsException(path,
            $"{path} names {Path.GetFullPath(file)}, which does not exist. Expected {expected}; check the path and that the service may read it.");
    }
}

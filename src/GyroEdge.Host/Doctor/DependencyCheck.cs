namespace GyroEdge.Host.Doctor;

/// <summary>One dependency's state: present with what was found, or missing with the fix.</summary>
public sealed record DependencyCheck(string Name, bool IsPresent, string Detail)
{
    public static DependencyCheck Present(string name, string detail) => new(name, true, detail);

    public static DependencyCheck Missing(string name, string fix) => new(name, false, fix);

    /// <summary>The same layout as ./gyroedge doctor, so both halves of its report line up.</summary>
    public string Format() => IsPresent
        ? $"  [ok]      {Name}: {Detail}"
        : $"  [missing] {Name}{Environment.NewLine}            {Detail.ReplaceLineEndings(Environment.NewLine + "            ")}";
}

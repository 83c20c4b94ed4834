using GyroEdge.TestSupport;

namespace GyroEdge.Hardware.Tests.Frames;

/// <summary>The PNG files in Frames/Fixtures (made by make_png_fixtures.py, checked there with Pillow).</summary>
internal static class PngFixtures
{
    public static string Folder => System.IO.Path.Combine(Repository.Root, "tests", "GyroEdge.Hardware.Tests", "Frames", "Fixtures");

    public static string Path(string name) => System.IO.Path.Combine(Folder, name + ".png");

    public static byte[] Png(string name) => File.ReadAllBytes(Path(name));

    /// <summary>The decoded frame Pillow agreed with: packed RGB24 or GREY rows.</summary>
    public static byte[] Expected(string name) => File.ReadAllBytes(System.IO.Path.Combine(Folder, name + ".expected"));
}

using System.Diagnostics;
using GyroEdge.Hardware.Frames;
using GyroEdge.Hardware.Frames.Png;

namespace GyroEdge.Hardware.Tests.Frames;

public sealed class PngEncoder_Tests
{
    [Theory]
    [InlineData(FramePixelFormat.Rgb24, PngRowFilter.None)]
    [InlineData(FramePixelFormat.Rgb24, PngRowFilter.Sub)]
    [InlineData(FramePixelFormat.Grey, PngRowFilter.None)]
    [InlineData(FramePixelFormat.Grey, PngRowFilter.Sub)]
    public void Writes_A_File_The_Decoder_Reads_Back_To_The_Same_Pixels(FramePixelFormat format, PngRowFilter filter)
    {
        const int width = 37, height = 11;
        var channels = format == FramePixelFormat.Rgb24 ? 3 : 1;
        var stride = (width * channels) + 5; // padded rows: the padding must not leak into the file
        var pixels = new byte[stride * height];
        new Random(7).NextBytes(pixels);

        using var encoder = new PngEncoder();
        var file = encoder.Encode(pixels, width, height, stride, format, filter).ToArray();

        var decoded = new byte[width * channels * height];
        var info = new PngDecoder().Decode(file, decoded, width * channels, "round trip");
        Assert.Equal((width, height, format, 8), (info.Width, info.Height, info.OutputFormat, info.BitDepth));
        for (var y = 0; y < height; y++)
            Assert.Equal(pixels.AsSpan(y * stride, width * channels).ToArray(), decoded.AsSpan(y * width * channels, width * channels).ToArray());
    }

    [Fact]
    public void Ends_With_The_Standard_IEND_Chunk()
    {
        using var encoder = new PngEncoder();
        var file = encoder.Encode(new byte[3 * 4 * 4], 4, 4, 12, FramePixelFormat.Rgb24).ToArray();

        // IEND has no data, so its CRC is the well-known AE 42 60 82 of every PNG file.
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82 }, file[^12..]);
    }

    [Fact]
    public void Reuses_Its_Buffer_So_A_Second_Frame_Does_Not_Corrupt_Its_Own_Output()
    {
        using var encoder = new PngEncoder();
        var bright = Enumerable.Repeat((byte)200, 8 * 8).ToArray();
        var dark = Enumerable.Repeat((byte)10, 16 * 16).ToArray();

        encoder.Encode(bright, 8, 8, 8, FramePixelFormat.Grey);
        var second = encoder.Encode(dark, 16, 16, 16, FramePixelFormat.Grey).ToArray();

        var decoded = new byte[16 * 16];
        new PngDecoder().Decode(second, decoded, 16, "second");
        Assert.Equal(dark, decoded);
    }

    [Fact]
    public void Refuses_A_Pixel_Format_It_Cannot_Write()
    {
        using var encoder = new PngEncoder();
        var e = Assert.Throws<ArgumentException>(() => encoder.Encode(new byte[32], 4, 4, 8, FramePixelFormat.Yuyv));
        Assert.Contains("convert the frame first", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(FramePixelFormat.Rgb24, "RGB")]
    [InlineData(FramePixelFormat.Grey, "L")]
    public void Writes_A_File_Pillow_Reads_To_The_Same_Pixels(FramePixelFormat format, string pillowMode)
    {
        // An independent reader: the trainer's Pillow (Debian's python3-pil beside python3-torch).
        var channels = format == FramePixelFormat.Rgb24 ? 3 : 1;
        var pixels = new byte[23 * channels * 9];
        new Random(11).NextBytes(pixels);
        using var encoder = new PngEncoder();
        var path = Path.Combine(Path.GetTempPath(), $"gyroedge-png-{Guid.NewGuid():N}.png");
        File.WriteAllBytes(path, encoder.Encode(pixels, 23, 9, 23 * channels, format).ToArray());
        try
        {
            var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("import sys; from PIL import Image; im = Image.open(sys.argv[1]); im.load(); sys.stdout.write(im.mode + ' ' + im.tobytes().hex())");
            start.ArgumentList.Add(path);
            using var python = Process.Start(start)!;
            var output = python.StandardOutput.ReadToEnd();
            var error = python.StandardError.ReadToEnd();
            python.WaitForExit();

            Assert.True(python.ExitCode == 0, error);
            Assert.Equal($"{pillowMode} {Convert.ToHexStringLower(pixels)}", output);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

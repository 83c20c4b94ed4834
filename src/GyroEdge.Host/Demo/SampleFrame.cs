using GyroEdge.Imaging.TurboJpeg;

namespace GyroEdge.Host.Demo;

/// <summary>The demo's camera frame: 8-bit interleaved RGB.</summary>
public sealed class SampleFrame
{
    private SampleFrame(string source, int width, int height, byte[] rgb)
    {
        Source = source;
        Width = width;
        Height = height;
        Rgb = rgb;
    }

    /// <summary>Where the frame came from, for the summary line.</summary>
    public string Source { get; }
    public int Width { get; }
    public int Height { get; }
    public byte[] Rgb { get; }

    /// <summary>Decodes a JPEG photo with libturbojpeg.</summary>
    public static SampleFrame FromJpeg(FileInfo file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!file.Exists)
            throw new FileNotFoundException($"--frame {file.FullName} does not exist; give a JPEG photo, or leave --frame out for a generated pattern.", file.FullName);
        var jpeg = File.ReadAllBytes(file.FullName);
        using var decoder = new JpegDecoder();
        var header = decoder.ReadHeader(jpeg);
        var rgb = new byte[header.RequiredBytes(JpegPixelFormat.Rgb24)];
        decoder.Decode(jpeg, rgb, JpegPixelFormat.Rgb24);
        return new SampleFrame(file.Name, header.Width, header.Height, rgb);
    }

    /// <summary>
    /// A 640x480 pattern with edges at every angle and fine detail, so a blur or a warp is easy
    /// to see when no photo is at hand.
    /// </summary>
    public static SampleFrame Generated()
    {
        const int width = 640, height = 480;
        var rgb = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var dx = x - (width / 2.0);
                var dy = y - (height / 2.0);
                var angle = Math.Atan2(dy, dx);
                var spoke = Math.Sin(angle * 24) > 0 ? 1.0 : 0.0;
                var ring = ((int)(Math.Sqrt((dx * dx) + (dy * dy)) / 40) & 1) == 0 ? 1.0 : 0.6;
                var i = ((y * width) + x) * 3;
                rgb[i] = (byte)(40 + (200 * spoke * ring));
                rgb[i + 1] = (byte)(40 + (180 * spoke * (1.6 - ring)));
                rgb[i + 2] = (byte)(60 + (120 * (1 - spoke)));
            }
        }
        return new SampleFrame("generated test pattern", width, height, rgb);
    }
}

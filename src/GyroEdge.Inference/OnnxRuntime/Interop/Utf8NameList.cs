using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GyroEdge.Inference.OnnxRuntime.Interop;

/// <summary>
/// Tensor names as the <c>const char* const*</c> array OrtApi::Run takes, built once: the UTF-8
/// bytes and the pointer array live on the pinned object heap, so a run passes them as they are.
/// </summary>
internal sealed unsafe class Utf8NameList
{
    private readonly byte[][] names;
    private readonly nint[] pointers;

    public Utf8NameList(IReadOnlyList<string> names)
    {
        this.names = new byte[names.Count][];
        pointers = GC.AllocateArray<nint>(names.Count, pinned: true);
        for (var i = 0; i < names.Count; i++)
        {
            var utf8 = OrtApi.Utf8z(names[i]);
            var pinned = GC.AllocateArray<byte>(utf8.Length, pinned: true);
            utf8.CopyTo(pinned, 0);
            this.names[i] = pinned;
            pointers[i] = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinned));
        }
    }

    public ReadOnlySpan<nint> Pointers => pointers;
}

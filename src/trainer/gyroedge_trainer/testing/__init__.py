"""Code that exists for tests, here and in the C# test projects (ONNX fixtures)."""

namespace GyroEdge.Inference.OnnxRuntime;

/// <summary>How much ORT rewrites the graph when it creates a session (GraphOptimizationLevel).</summary>
public enum OrtGraphOptimizationLevel
{
    DisableAll = 0,

    /// <summary>Constant folding and redundant-node removal.</summary>
    Basic = 1,

    /// <summary>Basic plus node fusions (e.g. Conv+ReLU).</summary>
    Extended = 2,

    /// <summary>Everything, including layout changes. ORT's default.</summary>
    All = 99,
}

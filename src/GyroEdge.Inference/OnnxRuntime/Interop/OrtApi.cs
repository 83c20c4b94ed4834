using System.Runtime.InteropServices;
using GyroEdge.Native;

namespace GyroEdge.Inference.OnnxRuntime.Interop;

/// <summary>
/// The imports of libonnxruntime.so.1. The library exports one symbol, <c>OrtGetApiBase</c>; every
/// other function is a slot of the <c>OrtApi</c> table it hands out (onnxruntime_c_api.h). The table
/// is append-only, so a slot index valid in API version N stays valid in every later version.
/// Indices were counted in the header's OrtApi struct and agree with the slots the compiler counts
/// in the 1.22.0, 1.23.2 and 1.29.0 headers (docs/reference/onnxruntime.md).
/// Wrappers that give these pointers managed signatures live in the other OrtApi.*.cs files.
/// </summary>
internal static unsafe partial class OrtApi
{
    /// <summary>
    /// The lowest OrtApi version that has every function below, so older Jetson builds still load.
    /// GetBuildInfoString [254] sets the floor ("\since Version 1.15"); the CUDA V2 options
    /// [204-208] need 11 and everything else predates versioned docs.
    /// </summary>
    internal const uint MinimumVersion = 15;

    private static readonly Lock LoadLock = new();
    private static volatile bool loaded;
    private static nint getApiBaseExport;
    private static string versionString = "";

    // --- OrtStatus: the error path (OrtApi.Status.cs) ---
    // OrtErrorCode GetErrorCode(const OrtStatus* status)                                          [1]
    private static delegate* unmanaged<nint, int> getErrorCode;
    // const char* GetErrorMessage(const OrtStatus* status)                                        [2]
    private static delegate* unmanaged<nint, byte*> getErrorMessage;
    // void ReleaseStatus(OrtStatus* input)                                                        [93]
    private static delegate* unmanaged<nint, void> releaseStatus;

    // --- OrtEnv ---
    // OrtStatus* CreateEnv(OrtLoggingLevel log_severity_level, const char* logid, OrtEnv** out)   [3]
    private static delegate* unmanaged<int, byte*, nint*, nint> createEnv;
    // void ReleaseEnv(OrtEnv* input)                                                              [92]
    private static delegate* unmanaged<nint, void> releaseEnv;

    // --- OrtSession ---
    // OrtStatus* CreateSession(const OrtEnv* env, const char* model_path,
    //                          const OrtSessionOptions* options, OrtSession** out)                [7]
    private static delegate* unmanaged<nint, byte*, nint, nint*, nint> createSession;
    // OrtStatus* CreateSessionFromArray(const OrtEnv* env, const void* model_data, size_t model_data_length,
    //                                   const OrtSessionOptions* options, OrtSession** out)       [8]
    private static delegate* unmanaged<nint, void*, nuint, nint, nint*, nint> createSessionFromArray;
    // OrtStatus* Run(OrtSession* session, const OrtRunOptions* run_options,
    //                const char* const* input_names, const OrtValue* const* inputs, size_t input_len,
    //                const char* const* output_names, size_t output_names_len, OrtValue** outputs) [9]
    private static delegate* unmanaged<nint, nint, nint*, nint*, nuint, nint*, nuint, nint*, nint> run;
    // OrtStatus* SessionGetInputCount(const OrtSession* session, size_t* out)                     [30]
    private static delegate* unmanaged<nint, nuint*, nint> sessionGetInputCount;
    // OrtStatus* SessionGetOutputCount(const OrtSession* session, size_t* out)                    [31]
    private static delegate* unmanaged<nint, nuint*, nint> sessionGetOutputCount;
    // OrtStatus* SessionGetInputTypeInfo(const OrtSession* session, size_t index, OrtTypeInfo** type_info)  [33]
    private static delegate* unmanaged<nint, nuint, nint*, nint> sessionGetInputTypeInfo;
    // OrtStatus* SessionGetOutputTypeInfo(const OrtSession* session, size_t index, OrtTypeInfo** type_info) [34]
    private static delegate* unmanaged<nint, nuint, nint*, nint> sessionGetOutputTypeInfo;
    // OrtStatus* SessionGetInputName(const OrtSession* session, size_t index, OrtAllocator* allocator, char** value)  [36]
    private static delegate* unmanaged<nint, nuint, nint, byte**, nint> sessionGetInputName;
    // OrtStatus* SessionGetOutputName(const OrtSession* session, size_t index, OrtAllocator* allocator, char** value) [37]
    private static delegate* unmanaged<nint, nuint, nint, byte**, nint> sessionGetOutputName;
    // void ReleaseSession(OrtSession* input)                                                      [95]
    private static delegate* unmanaged<nint, void> releaseSession;

    // --- OrtSessionOptions ---
    // OrtStatus* CreateSessionOptions(OrtSessionOptions** options)                                [10]
    private static delegate* unmanaged<nint*, nint> createSessionOptions;
    // OrtStatus* SetSessionLogSeverityLevel(OrtSessionOptions* options, int session_log_severity_level)  [22]
    private static delegate* unmanaged<nint, int, nint> setSessionLogSeverityLevel;
    // OrtStatus* SetSessionGraphOptimizationLevel(OrtSessionOptions* options, GraphOptimizationLevel level) [23]
    private static delegate* unmanaged<nint, int, nint> setSessionGraphOptimizationLevel;
    // OrtStatus* SetIntraOpNumThreads(OrtSessionOptions* options, int intra_op_num_threads)       [24]
    private static delegate* unmanaged<nint, int, nint> setIntraOpNumThreads;
    // OrtStatus* SetInterOpNumThreads(OrtSessionOptions* options, int inter_op_num_threads)       [25]
    private static delegate* unmanaged<nint, int, nint> setInterOpNumThreads;
    // OrtStatus* AddSessionConfigEntry(OrtSessionOptions* options, const char* config_key, const char* config_value) [130]
    private static delegate* unmanaged<nint, byte*, byte*, nint> addSessionConfigEntry;
    // void ReleaseSessionOptions(OrtSessionOptions* input)                                        [100]
    private static delegate* unmanaged<nint, void> releaseSessionOptions;

    // --- OrtRunOptions ---
    // OrtStatus* CreateRunOptions(OrtRunOptions** out)                                            [39]
    private static delegate* unmanaged<nint*, nint> createRunOptions;
    // void ReleaseRunOptions(OrtRunOptions* input)                                                [97]
    private static delegate* unmanaged<nint, void> releaseRunOptions;

    // --- OrtValue and OrtMemoryInfo ---
    // OrtStatus* CreateTensorWithDataAsOrtValue(const OrtMemoryInfo* info, void* p_data, size_t p_data_len,
    //     const int64_t* shape, size_t shape_len, ONNXTensorElementDataType type, OrtValue** out)  [49]
    private static delegate* unmanaged<nint, void*, nuint, long*, nuint, int, nint*, nint> createTensorWithDataAsOrtValue;
    // void ReleaseValue(OrtValue* input)                                                          [96]
    private static delegate* unmanaged<nint, void> releaseValue;
    // OrtStatus* CreateCpuMemoryInfo(OrtAllocatorType type, OrtMemType mem_type, OrtMemoryInfo** out)  [69]
    private static delegate* unmanaged<int, int, nint*, nint> createCpuMemoryInfo;
    // void ReleaseMemoryInfo(OrtMemoryInfo* input)                                                [94]
    private static delegate* unmanaged<nint, void> releaseMemoryInfo;

    // --- OrtTypeInfo / OrtTensorTypeAndShapeInfo ---
    // OrtStatus* CastTypeInfoToTensorInfo(const OrtTypeInfo* type_info, const OrtTensorTypeAndShapeInfo** out)  [55]
    private static delegate* unmanaged<nint, nint*, nint> castTypeInfoToTensorInfo;
    // OrtStatus* GetOnnxTypeFromTypeInfo(const OrtTypeInfo* type_info, enum ONNXType* out)        [56]
    private static delegate* unmanaged<nint, int*, nint> getOnnxTypeFromTypeInfo;
    // OrtStatus* GetTensorElementType(const OrtTensorTypeAndShapeInfo* info, enum ONNXTensorElementDataType* out) [60]
    private static delegate* unmanaged<nint, int*, nint> getTensorElementType;
    // OrtStatus* GetDimensionsCount(const OrtTensorTypeAndShapeInfo* info, size_t* out)           [61]
    private static delegate* unmanaged<nint, nuint*, nint> getDimensionsCount;
    // OrtStatus* GetDimensions(const OrtTensorTypeAndShapeInfo* info, int64_t* dim_values, size_t dim_values_length) [62]
    private static delegate* unmanaged<nint, long*, nuint, nint> getDimensions;
    // void ReleaseTypeInfo(OrtTypeInfo* input)                                                    [98]
    private static delegate* unmanaged<nint, void> releaseTypeInfo;

    // --- OrtAllocator (the default CPU allocator frees the names ORT hands out) ---
    // OrtStatus* AllocatorFree(OrtAllocator* ort_allocator, void* p)                              [76]
    private static delegate* unmanaged<nint, void*, nint> allocatorFree;
    // OrtStatus* GetAllocatorWithDefaultOptions(OrtAllocator** out)                               [78]
    private static delegate* unmanaged<nint*, nint> getAllocatorWithDefaultOptions;

    // --- Library information ---
    // OrtStatus* GetAvailableProviders(char*** out_ptr, int* provider_length)                     [125]
    private static delegate* unmanaged<byte***, int*, nint> getAvailableProviders;
    // OrtStatus* ReleaseAvailableProviders(char** ptr, int providers_length)                      [126]
    private static delegate* unmanaged<byte**, int, nint> releaseAvailableProviders;
    // const char* GetBuildInfoString(void)                                                        [254]
    private static delegate* unmanaged<byte*> getBuildInfoString;

    // --- OrtIoBinding ---
    // OrtStatus* RunWithBinding(OrtSession* session, const OrtRunOptions* run_options, const OrtIoBinding* binding_ptr) [133]
    private static delegate* unmanaged<nint, nint, nint, nint> runWithBinding;
    // OrtStatus* CreateIoBinding(OrtSession* session, OrtIoBinding** out)                         [134]
    private static delegate* unmanaged<nint, nint*, nint> createIoBinding;
    // void ReleaseIoBinding(OrtIoBinding* input)                                                  [135]
    private static delegate* unmanaged<nint, void> releaseIoBinding;
    // OrtStatus* BindInput(OrtIoBinding* binding_ptr, const char* name, const OrtValue* val_ptr)  [136]
    private static delegate* unmanaged<nint, byte*, nint, nint> bindInput;
    // OrtStatus* BindOutput(OrtIoBinding* binding_ptr, const char* name, const OrtValue* val_ptr) [137]
    private static delegate* unmanaged<nint, byte*, nint, nint> bindOutput;
    // void ClearBoundInputs(OrtIoBinding* binding_ptr)                                            [141]
    private static delegate* unmanaged<nint, void> clearBoundInputs;
    // void ClearBoundOutputs(OrtIoBinding* binding_ptr)                                           [142]
    private static delegate* unmanaged<nint, void> clearBoundOutputs;

    // --- TensorRT execution provider, V2 options (key/value strings) ---
    // OrtStatus* SessionOptionsAppendExecutionProvider_TensorRT_V2(OrtSessionOptions* options,
    //                                                              const OrtTensorRTProviderOptionsV2* tensorrt_options) [170]
    private static delegate* unmanaged<nint, nint, nint> appendTensorRtV2;
    // OrtStatus* CreateTensorRTProviderOptions(OrtTensorRTProviderOptionsV2** out)                [171]
    private static delegate* unmanaged<nint*, nint> createTensorRtProviderOptions;
    // OrtStatus* UpdateTensorRTProviderOptions(OrtTensorRTProviderOptionsV2* tensorrt_options,
    //     const char* const* provider_options_keys, const char* const* provider_options_values, size_t num_keys) [172]
    private static delegate* unmanaged<nint, byte**, byte**, nuint, nint> updateTensorRtProviderOptions;
    // void ReleaseTensorRTProviderOptions(OrtTensorRTProviderOptionsV2* input)                    [174]
    private static delegate* unmanaged<nint, void> releaseTensorRtProviderOptions;

    // --- CUDA execution provider, V2 options ("\since Version 1.11") ---
    // OrtStatus* SessionOptionsAppendExecutionProvider_CUDA_V2(OrtSessionOptions* options,
    //                                                          const OrtCUDAProviderOptionsV2* cuda_options) [204]
    private static delegate* unmanaged<nint, nint, nint> appendCudaV2;
    // OrtStatus* CreateCUDAProviderOptions(OrtCUDAProviderOptionsV2** out)                        [205]
    private static delegate* unmanaged<nint*, nint> createCudaProviderOptions;
    // OrtStatus* UpdateCUDAProviderOptions(OrtCUDAProviderOptionsV2* cuda_options,
    //     const char* const* provider_options_keys, const char* const* provider_options_values, size_t num_keys) [206]
    private static delegate* unmanaged<nint, byte**, byte**, nuint, nint> updateCudaProviderOptions;
    // void ReleaseCUDAProviderOptions(OrtCUDAProviderOptionsV2* input)                            [208]
    private static delegate* unmanaged<nint, void> releaseCudaProviderOptions;

    /// <summary>The library's own version string, e.g. "1.22.0".</summary>
    internal static string VersionString
    {
        get
        {
            EnsureLoaded();
            return versionString;
        }
    }

    /// <summary>
    /// Loads the library and fills the function pointers, once per process. Every wrapper that
    /// creates an ORT object calls this first; all others take a handle such a wrapper made.
    /// A failure is not cached: fixing the installation and retrying works without a restart.
    /// </summary>
    internal static void EnsureLoaded()
    {
        if (loaded)
            return;
        lock (LoadLock)
        {
            if (loaded)
                return;
            var spec = OnnxRuntimeLibrary.FromEnvironment();
            var library = NativeLibraryLoader.Load(spec);
            if (!NativeLibrary.TryGetExport(library, "OrtGetApiBase", out var getApiBase))
            {
                throw new NativeLibraryMissingException(spec,
                    [$"a library loaded from [{string.Join(", ", spec.Candidates)}] has no OrtGetApiBase export, so it is not ONNX Runtime"]);
            }
            getApiBaseExport = getApiBase;
            BindTable(RequestApi(MinimumVersion));
            loaded = true;
        }
    }

    /// <summary>
    /// Asks the loaded library for OrtApi version <paramref name="version"/>. GetApi returns NULL
    /// (and prints to stderr) when the library is older than that version.
    /// </summary>
    /// <exception cref="OnnxRuntimeTooOldException">The library does not serve <paramref name="version"/>.</exception>
    internal static nint* RequestApi(uint version)
    {
        // const OrtApiBase* OrtGetApiBase(void); struct OrtApiBase { GetApi; GetVersionString; }
        var apiBase = ((delegate* unmanaged<nint*>)getApiBaseExport)();
        var getApi = (delegate* unmanaged<uint, nint*>)apiBase[0];
        var getVersionString = (delegate* unmanaged<byte*>)apiBase[1];
        versionString = Marshal.PtrToStringUTF8((nint)getVersionString()) ?? "(no version string)";
        var table = getApi(version);
        if (table == null)
            throw new OnnxRuntimeTooOldException(versionString, version);
        return table;
    }

    private static void BindTable(nint* t)
    {
        getErrorCode = (delegate* unmanaged<nint, int>)t[1];
        getErrorMessage = (delegate* unmanaged<nint, byte*>)t[2];
        createEnv = (delegate* unmanaged<int, byte*, nint*, nint>)t[3];
        createSession = (delegate* unmanaged<nint, byte*, nint, nint*, nint>)t[7];
        createSessionFromArray = (delegate* unmanaged<nint, void*, nuint, nint, nint*, nint>)t[8];
        run = (delegate* unmanaged<nint, nint, nint*, nint*, nuint, nint*, nuint, nint*, nint>)t[9];
        createSessionOptions = (delegate* unmanaged<nint*, nint>)t[10];
        setSessionLogSeverityLevel = (delegate* unmanaged<nint, int, nint>)t[22];
        setSessionGraphOptimizationLevel = (delegate* unmanaged<nint, int, nint>)t[23];
        setIntraOpNumThreads = (delegate* unmanaged<nint, int, nint>)t[24];
        setInterOpNumThreads = (delegate* unmanaged<nint, int, nint>)t[25];
        sessionGetInputCount = (delegate* unmanaged<nint, nuint*, nint>)t[30];
        sessionGetOutputCount = (delegate* unmanaged<nint, nuint*, nint>)t[31];
        sessionGetInputTypeInfo = (delegate* unmanaged<nint, nuint, nint*, nint>)t[33];
        sessionGetOutputTypeInfo = (delegate* unmanaged<nint, nuint, nint*, nint>)t[34];
        sessionGetInputName = (delegate* unmanaged<nint, nuint, nint, byte**, nint>)t[36];
        sessionGetOutputName = (delegate* unmanaged<nint, nuint, nint, byte**, nint>)t[37];
        createRunOptions = (delegate* unmanaged<nint*, nint>)t[39];
        createTensorWithDataAsOrtValue = (delegate* unmanaged<nint, void*, nuint, long*, nuint, int, nint*, nint>)t[49];
        castTypeInfoToTensorInfo = (delegate* unmanaged<nint, nint*, nint>)t[55];
        getOnnxTypeFromTypeInfo = (delegate* unmanaged<nint, int*, nint>)t[56];
        getTensorElementType = (delegate* unmanaged<nint, int*, nint>)t[60];
        getDimensionsCount = (delegate* unmanaged<nint, nuint*, nint>)t[61];
        getDimensions = (delegate* unmanaged<nint, long*, nuint, nint>)t[62];
        createCpuMemoryInfo = (delegate* unmanaged<int, int, nint*, nint>)t[69];
        allocatorFree = (delegate* unmanaged<nint, void*, nint>)t[76];
        getAllocatorWithDefaultOptions = (delegate* unmanaged<nint*, nint>)t[78];
        releaseEnv = (delegate* unmanaged<nint, void>)t[92];
        releaseStatus = (delegate* unmanaged<nint, void>)t[93];
        releaseMemoryInfo = (delegate* unmanaged<nint, void>)t[94];
        releaseSession = (delegate* unmanaged<nint, void>)t[95];
        releaseValue = (delegate* unmanaged<nint, void>)t[96];
        releaseRunOptions = (delegate* unmanaged<nint, void>)t[97];
        releaseTypeInfo = (delegate* unmanaged<nint, void>)t[98];
        releaseSessionOptions = (delegate* unmanaged<nint, void>)t[100];
        getAvailableProviders = (delegate* unmanaged<byte***, int*, nint>)t[125];
        releaseAvailableProviders = (delegate* unmanaged<byte**, int, nint>)t[126];
        addSessionConfigEntry = (delegate* unmanaged<nint, byte*, byte*, nint>)t[130];
        runWithBinding = (delegate* unmanaged<nint, nint, nint, nint>)t[133];
        createIoBinding = (delegate* unmanaged<nint, nint*, nint>)t[134];
        releaseIoBinding = (delegate* unmanaged<nint, void>)t[135];
        bindInput = (delegate* unmanaged<nint, byte*, nint, nint>)t[136];
        bindOutput = (delegate* unmanaged<nint, byte*, nint, nint>)t[137];
        clearBoundInputs = (delegate* unmanaged<nint, void>)t[141];
        clearBoundOutputs = (delegate* unmanaged<nint, void>)t[142];
        appendTensorRtV2 = (delegate* unmanaged<nint, nint, nint>)t[170];
        createTensorRtProviderOptions = (delegate* unmanaged<nint*, nint>)t[171];
        updateTensorRtProviderOptions = (delegate* unmanaged<nint, byte**, byte**, nuint, nint>)t[172];
        releaseTensorRtProviderOptions = (delegate* unmanaged<nint, void>)t[174];
        appendCudaV2 = (delegate* unmanaged<nint, nint, nint>)t[204];
        createCudaProviderOptions = (delegate* unmanaged<nint*, nint>)t[205];
        updateCudaProviderOptions = (delegate* unmanaged<nint, byte**, byte**, nuint, nint>)t[206];
        releaseCudaProviderOptions = (delegate* unmanaged<nint, void>)t[208];
        getBuildInfoString = (delegate* unmanaged<byte*>)t[254];
    }
}

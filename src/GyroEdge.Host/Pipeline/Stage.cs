using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GyroEdge.Host.Pipeline;

/// <summary>
/// One stage of the pipeline as a hosted service. Devices are opened in StartAsync (a missing
/// device fails the start, before the service counts as started); the stage's loop runs in
/// ExecuteAsync. A failing loop reports itself and stops the host
/// (BackgroundServiceExceptionBehavior.StopHost), and the stage's output channels are completed
/// either way so the stages after it drain and stop.
/// <para>
/// Stopping: the host stops services in reverse order of registration, sources first. A source
/// (<see cref="DrainsOnStop"/> false) is cancelled; every other stage finishes the items already
/// queued, because its input completes when the stage before it stops, then completes its own
/// outputs. If the stop timeout runs out first, the stage abandons what is queued.
/// </para>
/// </summary>
public abstract class Stage : BackgroundService
{
    private volatile bool _abandoned;

    private protected Stage(string name, PipelineContext context, ILogger logger)
    {
        Name = name;
        Context = context;
        Logger = logger;
        Progress = new StageMonitor(name);
    }

    public string Name { get; }

    public StageMonitor Progress { get; }

    private protected PipelineContext Context { get; }

    private protected ILogger Logger { get; }

    /// <summary>Sources stop when cancelled; the other stages drain their input first.</summary>
    private protected virtual bool DrainsOnStop => true;

    /// <summary>The stop timeout ran out: drop queued items instead of processing them.</summary>
    private protected bool Abandoned => _abandoned;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (ExecuteTask is null)
            return;
        if (DrainsOnStop)
        {
            try
            {
                await ExecuteTask.WaitAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                PipelineLog.Abandoned(Logger, Name);
                _abandoned = true;
                AbandonInput();
            }
            catch (Exception)
            {
                // Already reported by ExecuteAsync.
                return;
            }
        }
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The stage's loop; returns when its input is complete (or, for a source, when cancelled).</summary>
    private protected abstract Task RunAsync(CancellationToken stopping);

    /// <summary>Completes the channels this stage writes, so the stages after it drain and stop.</summary>
    private protected abstract void CompleteOutputs();

    /// <summary>Wakes a stage waiting on its input after the stop timeout (completes its input channels).</summary>
    private protected virtual void AbandonInput()
    {
    }

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            Context.Failures.Report(Name, e);
            PipelineLog.Failed(Logger, e, Name, e.Message);
            throw;
        }
        finally
        {
            CompleteOutputs();
        }
    }

    /// <summary>Runs a blocking device loop on a thread of its own (sensor threads never wait behind the thread pool).</summary>
    private protected static Task RunOnThread(string threadName, Action loop)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                loop();
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        })
        {
            Name = threadName,
            IsBackground = true,
        };
        thread.Start();
        return done.Task;
    }
}

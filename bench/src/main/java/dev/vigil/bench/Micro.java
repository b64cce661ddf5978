package dev.vigil.bench;

import dev.vigil.bench.micro.PipelineBenchmarks;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs {@link PipelineBenchmarks} with JMH (one fork each, GC profiler on) and returns ns and bytes per event. */
final class Micro {
    /** One benchmark's average time per event and allocation per event. */
    record Result(String name, double nanosPerOp, double bytesPerOp) {}

    private Micro() {}

    static List<Result> run() throws Exception {
        Options options = new OptionsBuilder()
                .include(PipelineBenchmarks.class.getName())
                .forks(1)
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(2))
                .measurementIterations(5)
                .measurementTime(TimeValue.seconds(2))
                .addProfiler(GCProfiler.class)
                // JMH starts the fork with this JVM's options (the vigil script's --add-opens among them), then these
                .jvmArgsAppend("-Xmx1g")
                .build();
        Collection<RunResult> results = new Runner(options).run();
        List<Result> out = new ArrayList<>();
        for (RunResult run : results) {
            String method = run.getParams().getBenchmark();
            method = method.substring(method.lastIndexOf('.') + 1);
            org.openjdk.jmh.results.Result<?> alloc = run.getSecondaryResults().get("gc.alloc.rate.norm");
            out.add(new Result(method, run.getPrimaryResult().getScore(), alloc == null ? Double.NaN : alloc.getScore()));
        }
        return out;
    }
}

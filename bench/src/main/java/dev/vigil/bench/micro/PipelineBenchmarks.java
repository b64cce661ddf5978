package dev.vigil.bench.micro;

import dev.vigil.model.CameraEventReader;
import dev.vigil.model.ReadResult;
import dev.vigil.model.VigilJson;
import dev.vigil.pipeline.episode.EpisodeMerger;
import dev.vigil.pipeline.episode.RuleEvaluator;
import dev.vigil.pipeline.episode.SectionPass;
import dev.vigil.pipeline.episode.SectionSpeedPairer;
import dev.vigil.pipeline.registry.Checked;
import dev.vigil.rules.Observation;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Per-event cost of the job's hot paths, in nanoseconds and (with the GC profiler) bytes allocated:
 * reading an upload into the model, writing a violation as JSON, the rules applied to a checked
 * event (the stateless rule function called directly), and the episode and section-speed operators (with their keyed state and event-time
 * timers, through Flink's operator test harness on the heap state backend, a watermark every
 * 100 records). Inputs are simulated traffic ({@link MicroData}), cycled.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class PipelineBenchmarks {
    private MicroData data;
    private CameraEventReader reader;
    private int next;

    private RuleEvaluator rules;
    private ProcessFunction<Checked, Observation>.Context rulesContext;
    private Collector<Observation> rulesOut;
    private KeyedOneInputStreamOperatorTestHarness<String, Observation, dev.vigil.model.Violation> episodes;
    private KeyedOneInputStreamOperatorTestHarness<String, SectionPass, dev.vigil.model.Violation> sections;
    private long episodeWatermark;
    private long sectionWatermark;
    private long round;
    /** Records the operators emitted so far (their harness queues are emptied after each call: a queue's size() walks it). */
    private long emitted;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        data = new MicroData(60_000);
        reader = new CameraEventReader();
        // the rules are stateless: called directly, with a context and collector that only count, so the
        // figure is the rules' own (a test harness would copy every side-output record through a new serializer)
        rules = new RuleEvaluator(data.codeTable);
        rulesContext = rules.new Context() {
            @Override
            public Long timestamp() {
                return null;
            }

            @Override
            public TimerService timerService() {
                throw new UnsupportedOperationException("the rules set no timers");
            }

            @Override
            public <X> void output(OutputTag<X> outputTag, X value) {
                emitted++;
            }
        };
        rulesOut = new Collector<>() {
            @Override
            public void collect(Observation record) {
                emitted++;
            }

            @Override
            public void close() {}
        };
        episodes = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new EpisodeMerger(Duration.ofMinutes(5)), Observation::episodeKey,
                Types.STRING);
        sections = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new SectionSpeedPairer(data.codeTable), SectionPass::key,
                Types.STRING);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        episodes.close();
        sections.close();
    }

    /** The next input of a list of {@code size}; after the last, the first again, a round later. */
    private int next(int size) {
        if (next >= size) {
            next = 0;
            round++;
        }
        return next++;
    }

    /** Empties a harness's output (a call or two's worth) and returns all records emitted so far. */
    private int drain(java.util.Queue<Object> output) {
        while (output.poll() != null) {
            emitted++;
        }
        return (int) emitted;
    }

    /** An upload read strictly into the model (as the job's deserializer does). */
    @Benchmark
    public ReadResult readEvent() {
        return reader.read(data.payloads.get(next(data.payloads.size())));
    }

    /** A violation written as the JSON the sinks send. */
    @Benchmark
    public byte[] writeViolation() {
        return VigilJson.toBytes(data.violations.get(next(data.violations.size())));
    }

    /** The rules for one checked event: pass rules, camera-flagged codes, parking and section routing. */
    @Benchmark
    public int rules() throws Exception {
        Checked checked = data.checked.get(next(data.checked.size()));
        rules.processElement(checked, rulesContext, rulesOut);
        return (int) emitted;
    }

    /** One observation into the episode merger; event time moves on with each pass through the data. */
    @Benchmark
    public int episodeMerger() throws Exception {
        int i = next(data.observations.size());
        Observation observation = data.observations.get(i);
        long time = observation.eventTime().toEpochMilli() + round * Duration.ofDays(1).toMillis();
        episodes.processElement(observation, time);
        if (i % 100 == 99 && time - 30_000 > episodeWatermark) {
            episodeWatermark = time - 30_000;
            episodes.processWatermark(episodeWatermark);
        }
        return drain(episodes.getOutput());
    }

    /** One pass at a section's end into the section-speed pairer. */
    @Benchmark
    public int sectionSpeedPairer() throws Exception {
        int i = next(data.sectionPasses.size());
        SectionPass pass = data.sectionPasses.get(i);
        long time = pass.event().eventTime().toEpochMilli() + round * Duration.ofDays(1).toMillis();
        sections.processElement(pass, time);
        if (i % 100 == 99 && time - 30_000 > sectionWatermark) {
            sectionWatermark = time - 30_000;
            sections.processWatermark(sectionWatermark);
        }
        return drain(sections.getOutput());
    }
}

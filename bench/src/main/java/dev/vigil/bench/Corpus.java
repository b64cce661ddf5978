package dev.vigil.bench;

import dev.vigil.deploy.sim.Simulator;
import dev.vigil.deploy.sim.SimulatorSettings;
import dev.vigil.model.Registry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The bench's input, made before any timing starts: the simulator's traffic model over the
 * registry on a simulated clock (hours of traffic in seconds), every upload it makes written to a
 * topic keyed by device, as the gateway would. The realistic mix comes with it: mostly passes, a
 * few percent violations, retries, disorder, late and malformed uploads. The first
 * {@code keep} uploads stay in memory for the gateway's figures.
 */
final class Corpus {
    /** One upload: its vendor, device and bytes. */
    record Upload(String vendor, String deviceId, byte[] payload) {}

    private final long events;
    private final long bytes;
    private final List<Upload> kept;
    private final long firstEventTime;
    private final long lastEventTime;

    private Corpus(long events, long bytes, List<Upload> kept, long firstEventTime, long lastEventTime) {
        this.events = events;
        this.bytes = bytes;
        this.kept = kept;
        this.firstEventTime = firstEventTime;
        this.lastEventTime = lastEventTime;
    }

    long events() {
        return events;
    }

    long bytes() {
        return bytes;
    }

    List<Upload> kept() {
        return kept;
    }

    /** The simulated span the corpus covers, in seconds of event time. */
    long spanSeconds() {
        return (lastEventTime - firstEventTime) / 1000;
    }

    /**
     * Writes {@code count} uploads to {@code topic}. The simulated clock starts {@code hoursBack}
     * hours ago, so no event is in the future however long the run; the peak rate is chosen so the
     * corpus spans about a quarter of an hour of the busiest traffic.
     */
    static Corpus produce(String bootstrapServers, String topic, Registry registry, long count, int keep, long seed, Path work) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrapServers);
        props.put("acks", "1");
        props.put("linger.ms", "20");
        props.put("batch.size", Integer.toString(256 * 1024));
        props.put("buffer.memory", Long.toString(128L << 20));
        props.put("client.id", "vigil-bench-corpus");
        double rate = Math.max(500, count / 900.0);
        SimulatorSettings settings = SimulatorSettings.defaults().withRate(rate).withSeed(seed);
        AtomicLong failures = new AtomicLong();
        List<Upload> kept = new ArrayList<>(keep);
        long[] sizes = new long[2];
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            Simulator.EventSink sink = new Simulator.EventSink() {
                @Override
                public void send(String vendor, String deviceId, byte[] payload) {
                    if (sizes[0] >= count) {
                        return; // the last step may hand over a few more: the corpus is exactly count events
                    }
                    if (kept.size() < keep) {
                        kept.add(new Upload(vendor, deviceId, payload));
                    }
                    sizes[0]++;
                    sizes[1] += payload.length;
                    producer.send(new ProducerRecord<>(topic, deviceId, payload), (metadata, error) -> {
                        if (error != null) {
                            failures.incrementAndGet();
                        }
                    });
                }

                @Override
                public long failures() {
                    return failures.get();
                }

                @Override
                public void close() {
                    producer.flush();
                }
            };
            long start = (System.currentTimeMillis() / 60_000 - 6 * 60) * 60_000; // six hours ago, on a minute
            long t = start;
            try (Simulator simulator = new Simulator(registry, settings, work.resolve("simulator"), sink)) {
                while (sizes[0] < count) {
                    simulator.step(t);
                    t += 100;
                }
            }
            producer.flush();
            if (failures.get() > 0) {
                throw new IllegalStateException(failures.get() + " corpus records could not be written to " + topic);
            }
            return new Corpus(sizes[0], sizes[1], List.copyOf(kept), start, t);
        }
    }
}

package dev.vigil.pipeline.registry;

import dev.vigil.kafka.RegistryEntries;
import dev.vigil.model.CameraEvent;
import dev.vigil.model.DeadLetter;
import dev.vigil.model.DeadLetterReason;
import dev.vigil.model.DeadLetterSource;
import dev.vigil.model.Device;
import dev.vigil.model.EventKind;
import dev.vigil.model.Exemptions;
import dev.vigil.model.HotlistEntry;
import dev.vigil.model.Nullable;
import dev.vigil.model.Plates;
import dev.vigil.model.Section;
import dev.vigil.model.VigilJson;
import dev.vigil.pipeline.DeadLetters;
import dev.vigil.pipeline.dedup.ExactDeduplicator;
import dev.vigil.pipeline.source.Ingested;
import dev.vigil.pipeline.source.KeyedDeadLetter;
import dev.vigil.rules.CodeTable;
import dev.vigil.rules.Exemption;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Drops repeated events ({@link ExactDeduplicator}, keyed by vendor and event id), then checks each
 * first one against the registry, in the order the contract gives: unknown device, unknown
 * violation code, unknown zone (each a dead letter with the original bytes). What
 * passes goes on with its device to the {@link LateEventFilter}.
 *
 * <p>The registry is broadcast state fed by the compacted registry topic, so a change published
 * while the job runs takes effect without a restart. The job starts from a snapshot of that topic
 * read up to its end offsets before submission (and the registry source starts at those offsets),
 * so no event is judged before the registry is known. Broadcast state holds each entry's JSON;
 * parsed known devices are cached per instance.

 */
public final class RegistryGate extends KeyedBroadcastProcessFunction<String, Ingested, RegistryUpdate, Checked> {
    /** Registry entries by topic key; {@link #INITIALIZED} marks state that replaced the snapshot. */
    public static final MapStateDescriptor<String, byte[]> STATE =
            new MapStateDescriptor<>("registry", Types.STRING, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    private static final String INITIALIZED = "__initialized";

    private final Map<String, byte[]> snapshot;
    private final CodeTable codeTable;
    private final Duration dedupTtl;

    private transient ExactDeduplicator dedup;
    private transient Counter duplicates;

    private transient Map<String, Device> devices;
    private transient Map<String, List<Section>> sectionsByDevice;
    private transient Exemption exemptions;
    /** Normalised hotlisted plate → its note ("" when none). */
    private transient Map<String, String> hotlist;
    private transient Map<DeadLetterReason, Counter> counters;

    /**
     * @param snapshot the registry topic's live entries when the job was built
     * @param dedupTtl how long an event's (vendor, eventId) is remembered; keyed by
     *     {@link ExactDeduplicator#key}
     */
    public RegistryGate(Map<String, byte[]> snapshot, CodeTable codeTable, Duration dedupTtl) {
        this.snapshot = new HashMap<>(snapshot);
        this.codeTable = codeTable;
        this.dedupTtl = dedupTtl;
    }

    @Override
    public void open(OpenContext context) {
        dedup = new ExactDeduplicator(getRuntimeContext().getState(ExactDeduplicator.descriptor(dedupTtl)));
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicates");
        devices = new HashMap<>();
        sectionsByDevice = null;
        counters = new EnumMap<>(DeadLetterReason.class);
        for (DeadLetterReason reason : new DeadLetterReason[] {
                DeadLetterReason.UNKNOWN_DEVICE, DeadLetterReason.UNKNOWN_VIOLATION_CODE, DeadLetterReason.UNKNOWN_ZONE}) {
            counters.put(reason, getRuntimeContext().getMetricGroup().counter("deadLetters." + reason.name()));
        }
    }

    @Override
    public void processElement(Ingested record, ReadOnlyContext ctx, Collector<Checked> out) throws Exception {
        if (!dedup.first()) {
            duplicates.inc();
            return;
        }
        CameraEvent event = record.event();
        ReadOnlyBroadcastState<String, byte[]> state = ctx.getBroadcastState(STATE);
        Device device = device(state, event.deviceId());
        if (device == null) {
            reject(ctx, record, DeadLetterReason.UNKNOWN_DEVICE, "/deviceId", "no device '" + event.deviceId() + "' in the registry");
            return;
        }
        if (event.kind() == EventKind.VIOLATION
                && codeTable.at(event.eventTime()).forCameraCode(event.violationCode()) == null) {
            reject(ctx, record, DeadLetterReason.UNKNOWN_VIOLATION_CODE, "/violationCode",
                    "code " + event.violationCode() + " is not a camera code of table " + codeTable.at(event.eventTime()).version());
            return;
        }
        if (event.kind() == EventKind.PARKING && (event.zoneId() == null || device.zone(event.zoneId()) == null)) {
            reject(ctx, record, DeadLetterReason.UNKNOWN_ZONE, "/zoneId",
                    "zone " + event.zoneId() + " is not a zone of device " + device.id());
            return;
        }
        String plate = event.plate() == null ? null : Plates.normalize(event.plate().number());
        List<Section> sections = sections(state).getOrDefault(device.id(), List.of());
        String hotlistNote = plate == null ? null : hotlist(state).get(plate);
        out.collect(new Checked(record.key(), record.payload(), event, device, plate, exemptions(state).covers(plate), hotlistNote,
                sections));
    }

    @Override
    public void processBroadcastElement(RegistryUpdate update, Context ctx, Collector<Checked> out) throws Exception {
        BroadcastState<String, byte[]> state = ctx.getBroadcastState(STATE);
        if (!state.contains(INITIALIZED)) {
            for (Map.Entry<String, byte[]> entry : snapshot.entrySet()) {
                state.put(entry.getKey(), entry.getValue());
            }
            state.put(INITIALIZED, new byte[0]);
        }
        if (update.value() == null) {
            state.remove(update.key());
        } else {
            state.put(update.key(), update.value());
        }
        devices.clear();
        exemptions = null;
        hotlist = null;
        sectionsByDevice = null;
    }

    @Nullable
    private Device device(ReadOnlyBroadcastState<String, byte[]> state, String id) throws Exception {
        Device cached = devices.get(id);
        if (cached == null) {
            byte[] json = entry(state, RegistryEntries.DEVICE_PREFIX + id);
            if (json == null) {
                // not cached: arbitrary unknown ids must not grow the cache
                return null;
            }
            cached = VigilJson.read(json, Device.class);
            devices.put(id, cached);
        }
        return cached;
    }

    /** Sections by the id of their entry and of their exit device, built once per registry change. */
    private Map<String, List<Section>> sections(ReadOnlyBroadcastState<String, byte[]> state) throws Exception {
        if (sectionsByDevice == null) {
            Map<String, List<Section>> byDevice = new HashMap<>();
            Iterable<Map.Entry<String, byte[]>> entries = state.contains(INITIALIZED) ? state.immutableEntries() : snapshot.entrySet();
            for (Map.Entry<String, byte[]> entry : entries) {
                if (entry.getKey().startsWith(RegistryEntries.SECTION_PREFIX)) {
                    Section section = VigilJson.read(entry.getValue(), Section.class);
                    byDevice.computeIfAbsent(section.entryDevice(), k -> new ArrayList<>()).add(section);
                    if (!section.exitDevice().equals(section.entryDevice())) {
                        byDevice.computeIfAbsent(section.exitDevice(), k -> new ArrayList<>()).add(section);
                    }
                }
            }
            sectionsByDevice = byDevice;
        }
        return sectionsByDevice;
    }

    private Exemption exemptions(ReadOnlyBroadcastState<String, byte[]> state) throws Exception {
        if (exemptions == null) {
            byte[] json = entry(state, RegistryEntries.EXEMPTIONS);
            exemptions = json == null ? Exemption.NONE : Exemption.of(VigilJson.read(json, Exemptions.class));
        }
        return exemptions;
    }

    private Map<String, String> hotlist(ReadOnlyBroadcastState<String, byte[]> state) throws Exception {
        if (hotlist == null) {
            byte[] json = entry(state, RegistryEntries.HOTLIST);
            Map<String, String> plates = new HashMap<>();
            if (json != null) {
                for (HotlistEntry entry : VigilJson.mapper().readValue(json, HotlistEntry[].class)) {
                    String plate = Plates.normalize(entry.plate());
                    if (plate != null) {
                        plates.put(plate, entry.note() == null ? "" : entry.note());
                    }
                }
            }
            hotlist = plates;
        }
        return hotlist;
    }

    /** The entry from broadcast state once it took over, else from the start-up snapshot. */
    @Nullable
    private byte[] entry(ReadOnlyBroadcastState<String, byte[]> state, String key) throws Exception {
        return state.contains(INITIALIZED) ? state.get(key) : snapshot.get(key);
    }

    private void reject(ReadOnlyContext ctx, Ingested record, DeadLetterReason reason, String field, String detail) {
        counters.get(reason).inc();
        ctx.output(DeadLetters.TAG, new KeyedDeadLetter(record.key(), DeadLetter.of(reason, detail, field,
                DeadLetterSource.PIPELINE, record.event().vendor(), Instant.now(), record.payload())));
    }
}

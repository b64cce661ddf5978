package dev.vigil.bench.micro;

import dev.vigil.deploy.CityRegistry;
import dev.vigil.deploy.sim.Simulator;
import dev.vigil.deploy.sim.SimulatorSettings;
import dev.vigil.model.CameraEvent;
import dev.vigil.model.CameraEventReader;
import dev.vigil.model.Device;
import dev.vigil.model.EventKind;
import dev.vigil.model.ReadResult;
import dev.vigil.model.Registry;
import dev.vigil.model.Section;
import dev.vigil.model.Violation;
import dev.vigil.pipeline.episode.SectionPass;
import dev.vigil.pipeline.registry.Checked;
import dev.vigil.rules.CodeTable;
import dev.vigil.rules.Episodes;
import dev.vigil.rules.Finding;
import dev.vigil.rules.Observation;
import dev.vigil.rules.PassRules;
import dev.vigil.rules.SectionSpeed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Inputs for the micro benchmarks, from the simulator's traffic over the sample city (as the
 * corpus is), so they carry the real mix: payloads as uploaded, the events they parse to, events
 * checked against the registry as the job's registry gate leaves them, the observations the rules
 * find, and the passes at the ends of speed sections. Built once per benchmark fork.
 */
public final class MicroData {
    public final List<byte[]> payloads = new ArrayList<>();
    public final List<Checked> checked = new ArrayList<>();
    public final List<Observation> observations = new ArrayList<>();
    public final List<SectionPass> sectionPasses = new ArrayList<>();
    public final List<Violation> violations = new ArrayList<>();
    public final CodeTable codeTable = CodeTable.defaults();

    public MicroData(int uploads) {
        Registry registry;
        Path work;
        try {
            registry = CityRegistry.load(null);
            work = Files.createTempDirectory("vigil-micro");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Simulator.EventSink sink = new Simulator.EventSink() {
            @Override
            public void send(String vendor, String deviceId, byte[] payload) {
                payloads.add(payload);
            }

            @Override
            public long failures() {
                return 0;
            }

            @Override
            public void close() {}
        };
        long t = Instant.parse("2026-11-23T00:00:00Z").toEpochMilli(); // 8 h in Asia/Shanghai: busy
        try (Simulator simulator = new Simulator(registry, SimulatorSettings.defaults().withRate(2000).withSeed(7), work, sink)) {
            while (payloads.size() < uploads) {
                simulator.step(t);
                t += 100;
            }
        }
        Map<String, Device> devices = new HashMap<>();
        registry.devices().forEach(d -> devices.put(d.id(), d));
        Map<String, List<Section>> sections = new HashMap<>();
        for (Section section : registry.sections()) {
            sections.computeIfAbsent(section.entryDevice(), k -> new ArrayList<>()).add(section);
            sections.computeIfAbsent(section.exitDevice(), k -> new ArrayList<>()).add(section);
        }
        CameraEventReader reader = new CameraEventReader();
        for (byte[] payload : payloads) {
            ReadResult read = reader.read(payload);
            if (!read.isAccepted()) {
                continue;
            }
            CameraEvent event = read.event();
            Device device = devices.get(event.deviceId());
            List<Section> at = sections.getOrDefault(event.deviceId(), List.of());
            checked.add(new Checked(event.deviceId(), payload, event, device, event.plate() == null ? null : event.plate().number(), false,
                    null, at));
            if (event.kind() == EventKind.PASS) {
                for (Finding finding : PassRules.evaluate(event, device)) {
                    Observation observation = PassRules.observe(finding, event, device, codeTable, false);
                    if (observation != null) {
                        observations.add(observation);
                    }
                }
                if (SectionSpeed.pairable(event)) {
                    for (Section section : at) {
                        if (section.entryDevice().equals(device.id())) {
                            sectionPasses.add(new SectionPass(section, true, event, device, false));
                        }
                        if (section.exitDevice().equals(device.id())) {
                            sectionPasses.add(new SectionPass(section, false, event, device, false));
                        }
                    }
                }
            }
        }
        observations.sort(Comparator.comparing(Observation::eventTime));
        sectionPasses.sort(Comparator.comparing(p -> p.event().eventTime()));
        for (Observation observation : observations) {
            violations.add(Episodes.open(observation, observation.where(), observation.eventTime()).violation());
        }
        if (observations.isEmpty() || sectionPasses.isEmpty()) {
            throw new IllegalStateException("the simulated traffic gave no observations or section passes");
        }
    }
}

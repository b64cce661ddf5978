package dev.vigil.pipeline.episode;

import dev.vigil.model.CameraEvent;
import dev.vigil.model.EventKind;
import dev.vigil.model.Section;
import dev.vigil.model.Zone;
import dev.vigil.pipeline.registry.Checked;
import dev.vigil.rules.CameraFlagged;
import dev.vigil.rules.CodeTable;
import dev.vigil.rules.Finding;
import dev.vigil.rules.Observation;
import dev.vigil.rules.ParkingRules;
import dev.vigil.rules.PassRules;
import dev.vigil.rules.SectionSpeed;
import java.util.List;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Applies the rules of {@code detectors/rules} to a checked event and emits what they found, one
 * observation per violation (one pass can show several): the PASS rules for passes, the code
 * table for camera-flagged violations. Parking captures of readable plates go to the
 * {@link #PARKING} side output for the parking episodes, passes at the ends of speed sections to
 * {@link #SECTIONS} for section speed. Stateless.
 */
public final class RuleEvaluator extends ProcessFunction<Checked, Observation> {
    /** Parking captures, for {@link ParkingEpisodeTracker}. */
    public static final OutputTag<ParkingCapture> PARKING = new OutputTag<>("parking-captures") {};
    /** Passes at the ends of speed sections, for {@link SectionSpeedPairer}. */
    public static final OutputTag<SectionPass> SECTIONS = new OutputTag<>("section-passes") {};

    private final CodeTable codeTable;

    public RuleEvaluator(CodeTable codeTable) {
        this.codeTable = codeTable;
    }

    @Override
    public void processElement(Checked checked, Context ctx, Collector<Observation> out) {
        CameraEvent event = checked.event();
        if (event.kind() == EventKind.VIOLATION) {
            Observation observation = CameraFlagged.observe(event, checked.device(), codeTable, checked.exempt());
            if (observation != null) {
                out.collect(observation);
            }
        } else if (event.kind() == EventKind.PARKING) {
            Zone zone = checked.device().zone(event.zoneId());
            Observation capture = ParkingRules.observe(event, checked.device(), zone, codeTable, checked.exempt());
            if (capture != null) {
                ctx.output(PARKING, new ParkingCapture(capture, zone.minIntervalSeconds()));
            }
        } else if (event.kind() == EventKind.PASS) {
            if (!checked.sections().isEmpty() && SectionSpeed.pairable(event)) {
                for (Section section : checked.sections()) {
                    if (section.entryDevice().equals(checked.device().id())) {
                        ctx.output(SECTIONS, new SectionPass(section, true, event, checked.device(), checked.exempt()));
                    }
                    if (section.exitDevice().equals(checked.device().id())) {
                        ctx.output(SECTIONS, new SectionPass(section, false, event, checked.device(), checked.exempt()));
                    }
                }
            }
            List<Finding> findings = PassRules.evaluate(event, checked.device());
            for (int i = 0; i < findings.size(); i++) {
                Observation observation = PassRules.observe(findings.get(i), event, checked.device(), codeTable, checked.exempt());
                if (observation != null) {
                    out.collect(observation);
                }
            }
        }
    }
}

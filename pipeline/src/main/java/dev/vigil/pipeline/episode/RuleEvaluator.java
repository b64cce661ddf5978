package dev.vigil.pipeline.episode;

import dev.vigil.model.CameraEvent;
import dev.vigil.model.EventKind;
import dev.vigil.pipeline.registry.Checked;
import dev.vigil.rules.CameraFlagged;
import dev.vigil.rules.CodeTable;
import dev.vigil.rules.Finding;
import dev.vigil.rules.Observation;
import dev.vigil.rules.PassRules;
import java.util.List;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Applies the rules of {@code detectors/rules} to a checked event and emits what they found, one
 * observation per violation (one pass can show several): the PASS rules for passes, the code
 * table for camera-flagged violations. Stateless; parking captures are judged by their own
 * operator.
 */
public final class RuleEvaluator extends ProcessFunction<Checked, Observation> {
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
        } else if (event.kind() == EventKind.PASS) {
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

package dev.vigil.pipeline.episode;

import dev.vigil.model.EventKind;
import dev.vigil.pipeline.registry.Checked;
import dev.vigil.rules.CameraFlagged;
import dev.vigil.rules.CodeTable;
import dev.vigil.rules.Observation;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Applies the rules of {@code detectors/rules} to a checked event and emits what they found, one
 * observation per violation (one event can yield several). Stateless.
 */
public final class RuleEvaluator extends ProcessFunction<Checked, Observation> {
    private final CodeTable codeTable;

    public RuleEvaluator(CodeTable codeTable) {
        this.codeTable = codeTable;
    }

    @Override
    public void processElement(Checked checked, Context ctx, Collector<Observation> out) {
        if (checked.event().kind() == EventKind.VIOLATION) {
            Observation observation = CameraFlagged.observe(checked.event(), checked.device(), codeTable, checked.exempt());
            if (observation != null) {
                out.collect(observation);
            }
        }
    }
}

package dev.vigil.rules;

import dev.vigil.model.CameraEvent;
import dev.vigil.model.Device;
import dev.vigil.model.DeviceType;
import dev.vigil.model.Lane;
import dev.vigil.model.Movement;
import dev.vigil.model.Nullable;
import dev.vigil.model.Signal;
import dev.vigil.model.Subject;
import dev.vigil.model.ViolationType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules for a PASS at a junction or checkpoint camera, each a plain function of the event and
 * the device's registry entry. A rule whose input is missing (no speed or limit, no lane or a lane
 * the registry does not know, no movement, no signal) finds nothing, and the others still run; one
 * pass can show several violations. Non-motor vehicles and pedestrians are judged by the red-light
 * rule only.
 */
public final class PassRules {
    /** The lowest over-percentage that is speeding. */
    public static final BigDecimal SPEEDING_FROM = BigDecimal.TEN;

    private PassRules() {}

    /** Every violation {@code pass} shows at {@code device}, in the order the rules are listed. */
    public static List<Finding> evaluate(CameraEvent pass, Device device) {
        List<Finding> found = new ArrayList<>(1);
        if (device.type() == DeviceType.PARKING) {
            return found;
        }
        if (pass.subject() == Subject.MOTOR_VEHICLE) {
            speeding(pass, device, found);
            wrongWay(pass, device, found);
            wrongLane(pass, device, found);
            prohibitedTurn(pass, device, found);
        }
        redLight(pass, device, found);
        return found;
    }

    static void speeding(CameraEvent e, Device d, List<Finding> found) {
        if (e.speedKmh() == null || d.speedLimitKmh() == null) {
            return;
        }
        BigDecimal over = CameraFlagged.overPercent(e.speedKmh(), d.speedLimitKmh());
        if (over.compareTo(SPEEDING_FROM) >= 0) {
            found.add(new Finding(ViolationType.SPEEDING, d.speedLimitKmh(), over, decision(e, "SPEEDING",
                    "\"speedKmh\":" + e.speedKmh() + ",\"limitKmh\":" + d.speedLimitKmh() + ",\"overPercent\":" + over.toPlainString())));
        }
    }

    static void wrongWay(CameraEvent e, Device d, List<Finding> found) {
        Lane lane = e.lane() == null ? null : d.lane(e.lane());
        if (lane == null || lane.direction() == null || e.direction() == null) {
            return;
        }
        if (e.direction() == lane.direction().opposite()) {
            found.add(new Finding(ViolationType.WRONG_WAY, null, null, decision(e, "WRONG_WAY",
                    "\"lane\":" + e.lane() + ",\"laneDirection\":\"" + lane.direction() + "\",\"direction\":\"" + e.direction() + "\"")));
        }
    }

    static void wrongLane(CameraEvent e, Device d, List<Finding> found) {
        Lane lane = e.lane() == null ? null : d.lane(e.lane());
        if (lane == null || lane.movements().isEmpty() || e.movement() == null) {
            return;
        }
        if (!lane.movements().contains(e.movement())) {
            found.add(new Finding(ViolationType.WRONG_LANE, null, null, decision(e, "WRONG_LANE",
                    "\"lane\":" + e.lane() + ",\"laneMovements\":" + names(lane.movements()) + ",\"movement\":\"" + e.movement() + "\"")));
        }
    }

    static void prohibitedTurn(CameraEvent e, Device d, List<Finding> found) {
        if (e.movement() != null && d.prohibitedMovements().contains(e.movement())) {
            found.add(new Finding(ViolationType.PROHIBITED_TURN, null, null, decision(e, "PROHIBITED_TURN",
                    "\"movement\":\"" + e.movement() + "\",\"prohibitedMovements\":" + names(d.prohibitedMovements()))));
        }
    }

    /** Red means stop, except a right turn where the device allows turning right on red. */
    static void redLight(CameraEvent e, Device d, List<Finding> found) {
        if (e.signal() != Signal.RED || e.movement() == null) {
            return;
        }
        if (e.movement() == Movement.RIGHT && d.rightTurnOnRedAllowed()) {
            return;
        }
        ViolationType type = switch (e.subject()) {
            case MOTOR_VEHICLE -> ViolationType.RED_LIGHT;
            case NON_MOTOR_VEHICLE -> ViolationType.NON_MOTOR_RED_LIGHT;
            case PEDESTRIAN -> ViolationType.PEDESTRIAN_RED_LIGHT;
        };
        found.add(new Finding(type, null, null, decision(e, type.name(), "\"signal\":\"RED\",\"movement\":\"" + e.movement()
                + "\",\"subject\":\"" + e.subject() + "\",\"rightTurnOnRedAllowed\":" + d.rightTurnOnRedAllowed())));
    }

    private static String decision(CameraEvent e, String rule, String inputs) {
        return "{\"sourceEventId\":" + CameraFlagged.quote(e.sourceEventId()) + ",\"rule\":\"" + rule + "\"," + inputs + "}";
    }

    private static String names(List<Movement> movements) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < movements.size(); i++) {
            out.append(i == 0 ? "\"" : ",\"").append(movements.get(i)).append('"');
        }
        return out.append(']').toString();
    }

    /** The observation of a finding, classified by the code table in force at the event time; null if the table lacks the type. */
    @Nullable
    public static Observation observe(Finding finding, CameraEvent e, Device d, CodeTable table, boolean exempt) {
        CodeTableVersion version = table.at(e.eventTime());
        CodeEntry entry = finding.over() != null ? version.band(finding.type(), finding.over()) : version.forType(finding.type());
        if (entry == null) {
            return null;
        }
        return Observations.of(e, d, entry, version.version(), finding.limitKmh(), finding.over(), finding.decision(), exempt);
    }
}

package dev.vigil.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.CameraEvent;
import dev.vigil.model.Device;
import dev.vigil.model.DeviceType;
import dev.vigil.model.Direction;
import dev.vigil.model.EventKind;
import dev.vigil.model.GeoPoint;
import dev.vigil.model.Lane;
import dev.vigil.model.Movement;
import dev.vigil.model.Plate;
import dev.vigil.model.PlateColor;
import dev.vigil.model.Signal;
import dev.vigil.model.Subject;
import dev.vigil.model.ViolationType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PassRulesTest {
    /** 解放路 eastbound approach: lane 1 left/U-turn, lane 2 straight, lane 3 straight/right; U-turns banned. */
    private static Device jiefangEast(boolean rightTurnOnRed) {
        return new Device("EP-JF-E", DeviceType.E_POLICE, "J-JIEFANG", null, "城关镇", "解放路", new GeoPoint(34.26, 108.94),
                60.0, List.of(new Lane(1, Direction.E, List.of(Movement.LEFT, Movement.U_TURN)),
                        new Lane(2, Direction.E, List.of(Movement.STRAIGHT)),
                        new Lane(3, Direction.E, List.of(Movement.STRAIGHT, Movement.RIGHT)),
                        new Lane(4, null, List.of())),
                List.of(Movement.U_TURN), rightTurnOnRed, List.of());
    }

    private static final Device JIEFANG_EAST = jiefangEast(true);
    private static final CodeTable TABLE = CodeTable.defaults();

    @ParameterizedTest
    @CsvSource({
        "65.99, ", "66, SPEED-10", "71.99, SPEED-10", "72, SPEED-20", "89.99, SPEED-20", "90, SPEED-50", "200, SPEED-50"})
    void speedingBandsStartAtExactlyTenTwentyAndFiftyPercent(double speed, String code) {
        List<Finding> found = PassRules.evaluate(pass(Subject.MOTOR_VEHICLE, null, null, null, null, speed), JIEFANG_EAST);

        if (code == null) {
            assertThat(found).isEmpty();
        } else {
            assertThat(found).singleElement().satisfies(f -> {
                assertThat(f.type()).isEqualTo(ViolationType.SPEEDING);
                assertThat(PassRules.observe(f, pass(Subject.MOTOR_VEHICLE, null, null, null, null, speed), JIEFANG_EAST, TABLE, false)
                        .code()).isEqualTo(code);
            });
        }
    }

    @Test
    void wrongWayIsTheOppositeOfTheLanesDirection() {
        assertThat(types(pass(Subject.MOTOR_VEHICLE, 2, Direction.W, Movement.STRAIGHT, null, null))).containsExactly(ViolationType.WRONG_WAY);
        assertThat(types(pass(Subject.MOTOR_VEHICLE, 2, Direction.N, Movement.STRAIGHT, null, null))).isEmpty();
        assertThat(types(pass(Subject.MOTOR_VEHICLE, 2, Direction.E, Movement.STRAIGHT, null, null))).isEmpty();
        assertThat(types(pass(Subject.MOTOR_VEHICLE, 4, Direction.W, Movement.STRAIGHT, null, null))).as("lane without direction").isEmpty();
        assertThat(types(pass(Subject.MOTOR_VEHICLE, 9, Direction.W, Movement.STRAIGHT, null, null))).as("unknown lane").isEmpty();
        assertThat(types(pass(Subject.MOTOR_VEHICLE, null, Direction.W, Movement.STRAIGHT, null, null))).as("no lane").isEmpty();
    }

    @Test
    void wrongLaneIsAMovementTheLanesArrowsDoNotAllow() {
        assertThat(types(pass(Subject.MOTOR_VEHICLE, 2, Direction.E, Movement.LEFT, null, null))).containsExactly(ViolationType.WRONG_LANE);
        assertThat(types(pass(Subject.MOTOR_VEHICLE, 3, Direction.E, Movement.RIGHT, null, null))).isEmpty();
        assertThat(types(pass(Subject.MOTOR_VEHICLE, 4, Direction.E, Movement.LEFT, null, null))).as("unrestricted lane").isEmpty();
        assertThat(types(pass(Subject.MOTOR_VEHICLE, 2, Direction.E, null, null, null))).as("no movement").isEmpty();
    }

    @Test
    void onePassCanShowSeveralViolations() {
        CameraEvent uTurnFromTheStraightLaneOnRed = pass(Subject.MOTOR_VEHICLE, 2, Direction.W, Movement.U_TURN, Signal.RED, 80.0);

        assertThat(types(uTurnFromTheStraightLaneOnRed)).containsExactly(ViolationType.SPEEDING, ViolationType.WRONG_WAY,
                ViolationType.WRONG_LANE, ViolationType.PROHIBITED_TURN, ViolationType.RED_LIGHT);
        assertThat(PassRules.evaluate(uTurnFromTheStraightLaneOnRed, JIEFANG_EAST).get(4).decision())
                .isEqualTo("{\"sourceEventId\":\"hik:p\",\"rule\":\"RED_LIGHT\",\"signal\":\"RED\",\"movement\":\"U_TURN\","
                        + "\"subject\":\"MOTOR_VEHICLE\",\"rightTurnOnRedAllowed\":true}");
    }

    /** Every combination of subject, movement, signal and the device's right-turn-on-red setting. */
    @Test
    void theRedLightMatrix() {
        List<String> mismatches = new ArrayList<>();
        List<Movement> movements = new ArrayList<>(List.of(Movement.values()));
        movements.add(null);
        List<Signal> signals = new ArrayList<>(List.of(Signal.values()));
        signals.add(null);
        for (Subject subject : Subject.values()) {
            for (Movement movement : movements) {
                for (Signal signal : signals) {
                    for (boolean allowed : new boolean[] {true, false}) {
                        // the contract: signal RED and a movement that is not RIGHT, or RIGHT where turning right on red is not allowed
                        boolean violation = signal == Signal.RED && movement != null && (movement != Movement.RIGHT || !allowed);
                        ViolationType expected = !violation ? null : switch (subject) {
                            case MOTOR_VEHICLE -> ViolationType.RED_LIGHT;
                            case NON_MOTOR_VEHICLE -> ViolationType.NON_MOTOR_RED_LIGHT;
                            case PEDESTRIAN -> ViolationType.PEDESTRIAN_RED_LIGHT;
                        };
                        List<Finding> found = new ArrayList<>();
                        PassRules.redLight(pass(subject, null, null, movement, signal, null), jiefangEast(allowed), found);
                        ViolationType actual = found.isEmpty() ? null : found.get(0).type();
                        if (expected != actual || found.size() > 1) {
                            mismatches.add(subject + "/" + movement + "/" + signal + "/" + allowed + ": " + found);
                        }
                    }
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void nonMotorVehiclesAndPedestriansAreJudgedOnlyOnRedLights() {
        assertThat(types(pass(Subject.PEDESTRIAN, 2, Direction.W, Movement.U_TURN, Signal.RED, 80.0)))
                .containsExactly(ViolationType.PEDESTRIAN_RED_LIGHT);
        assertThat(types(pass(Subject.NON_MOTOR_VEHICLE, 2, Direction.W, Movement.LEFT, Signal.GREEN, 80.0))).isEmpty();
    }

    @Test
    void parkingCamerasJudgeNoPasses() {
        Device parking = new Device("PK-1", DeviceType.PARKING, "S-1", null, null, null, new GeoPoint(34, 108), 60.0,
                List.of(), List.of(Movement.U_TURN), false, List.of());
        assertThat(PassRules.evaluate(pass(Subject.MOTOR_VEHICLE, null, null, Movement.U_TURN, Signal.RED, 99.0), parking)).isEmpty();
    }

    private static List<ViolationType> types(CameraEvent e) {
        return PassRules.evaluate(e, JIEFANG_EAST).stream().map(Finding::type).toList();
    }

    private static CameraEvent pass(Subject subject, Integer lane, Direction direction, Movement movement, Signal signal, Double speed) {
        return new CameraEvent("p", "hik", "EP-JF-E", EventKind.PASS, Instant.parse("2026-11-23T02:00:00Z"), subject,
                new Plate("苏A12345", PlateColor.BLUE, 0.9), null, lane, direction, movement, speed, signal, null, null, List.of());
    }
}

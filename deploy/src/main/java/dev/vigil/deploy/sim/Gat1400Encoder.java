package dev.vigil.deploy.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.model.CameraEvent;
import dev.vigil.model.Direction;
import dev.vigil.model.EventKind;
import dev.vigil.model.Image;
import dev.vigil.model.PlateColor;
import dev.vigil.model.Subject;
import dev.vigil.model.VehicleClass;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * The vendor's side of GA/T 1400: a canonical checkpoint pass as a {@code MotorVehicleObject}, the
 * way a 卡口 platform would post it. Only what the standard's object carries can go this way: a
 * motor vehicle's pass without movement or signal (junction cameras report those, GA/T 1400's
 * MotorVehicleObject has no field for them).
 */
final class Gat1400Encoder {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter PASS_TIME = DateTimeFormatter.ofPattern("uuuuMMddHHmmssSSS").withZone(ZoneOffset.ofHours(8));
    private static final DateTimeFormatter SHOT_TIME = DateTimeFormatter.ofPattern("uuuuMMddHHmmss").withZone(ZoneOffset.ofHours(8));
    private static final Map<PlateColor, String> PLATE_COLORS = Map.of(PlateColor.BLACK, "1", PlateColor.WHITE, "2", PlateColor.BLUE, "5",
            PlateColor.YELLOW, "6", PlateColor.GREEN, "9", PlateColor.OTHER, "99");
    private static final Map<Direction, String> DIRECTIONS = Map.of(Direction.W, "1", Direction.E, "2", Direction.N, "3", Direction.S, "4");
    private static final Map<VehicleClass, String> VEHICLE_CLASSES = Map.of(VehicleClass.CAR, "K33", VehicleClass.BUS, "K11",
            VehicleClass.TRUCK, "H21", VehicleClass.MOTORCYCLE, "M21");

    private Gat1400Encoder() {}

    static boolean fits(CameraEvent event) {
        return event.kind() == EventKind.PASS && event.subject() == Subject.MOTOR_VEHICLE && event.movement() == null
                && event.signal() == null && (event.vehicleClass() == null || VEHICLE_CLASSES.containsKey(event.vehicleClass()));
    }

    static ObjectNode motorVehicle(CameraEvent event) {
        ObjectNode o = JSON.createObjectNode();
        o.put("MotorVehicleID", event.eventId());
        o.put("DeviceID", event.deviceId());
        o.put("PassTime", PASS_TIME.format(event.eventTime()));
        if (event.plate() != null) {
            if (event.plate().number() == null) {
                o.put("HasPlate", "0");
            } else {
                o.put("PlateNo", event.plate().number());
            }
            if (event.plate().color() != null) {
                o.put("PlateColor", PLATE_COLORS.get(event.plate().color()));
            }
            if (event.plate().confidence() != null) {
                o.put("PlateReliability", Long.toString(Math.round(event.plate().confidence() * 100)));
            }
        }
        if (event.lane() != null) {
            o.put("LaneNo", event.lane());
        }
        if (event.direction() != null) {
            o.put("Direction", DIRECTIONS.get(event.direction()));
        }
        if (event.speedKmh() != null) {
            o.put("Speed", event.speedKmh());
        }
        if (event.vehicleClass() != null) {
            o.put("VehicleClass", VEHICLE_CLASSES.get(event.vehicleClass()));
        }
        ArrayNode subImages = JSON.createArrayNode();
        for (Image image : event.images()) {
            if ("PANORAMA".equals(image.role())) {
                o.put("StorageUrl3", image.uri());
                continue;
            }
            ObjectNode sub = subImages.addObject();
            sub.put("ImageID", image.uri().substring(image.uri().lastIndexOf('/') + 1));
            sub.put("Type", "PLATE".equals(image.role()) ? "02" : "01");
            sub.put("StoragePath", image.uri());
            if (image.width() != null) {
                sub.put("Width", image.width());
            }
            if (image.height() != null) {
                sub.put("Height", image.height());
            }
            if (image.shotTime() != null) {
                sub.put("ShotTime", SHOT_TIME.format(image.shotTime()));
            }
        }
        if (!subImages.isEmpty()) {
            o.putObject("SubImageList").set("SubImageInfoObject", subImages);
        }
        return o;
    }
}

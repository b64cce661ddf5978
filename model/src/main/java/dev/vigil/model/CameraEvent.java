package dev.vigil.model;

import java.time.Instant;
import java.util.List;

/**
 * The canonical camera event: one observation by one device, as every vendor feed is translated
 * to. Read strictly by {@link CameraEventReader}; see {@code schema/camera-event.schema.json}.
 * Times are kept at millisecond precision, the precision at which Vigil compares them.
 *
 * @param eventId unique per vendor; a vendor's retry repeats it
 * @param vendor the vendor's short name
 * @param deviceId the registry id of the camera
 * @param kind what the event reports
 * @param eventTime the camera's clock at the observation
 * @param subject the road user; MOTOR_VEHICLE when the vendor did not say
 * @param violationCode kind VIOLATION: the code the camera assigned (may be null)
 * @param zoneId kind PARKING: the no-parking zone (may be null)
 * @param images attached images, never null
 */
public record CameraEvent(
        String eventId,
        String vendor,
        String deviceId,
        EventKind kind,
        Instant eventTime,
        Subject subject,
        @Nullable Plate plate,
        @Nullable VehicleClass vehicleClass,
        @Nullable Integer lane,
        @Nullable Direction direction,
        @Nullable Movement movement,
        @Nullable Double speedKmh,
        @Nullable Signal signal,
        @Nullable String violationCode,
        @Nullable String zoneId,
        List<Image> images) {

    public CameraEvent {
        if (subject == null) {
            subject = Subject.MOTOR_VEHICLE;
        }
        if (images == null) {
            images = List.of();
        }
    }

    /** {@code vendor:eventId}, the identity of an observation across the system. */
    public String sourceEventId() {
        return vendor + ':' + eventId;
    }
}

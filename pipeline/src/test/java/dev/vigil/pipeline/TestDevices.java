package dev.vigil.pipeline;

import dev.vigil.model.Device;
import dev.vigil.model.DeviceType;
import dev.vigil.model.GeoPoint;
import java.util.List;

/** Devices the operator tests share. */
public final class TestDevices {
    /** An electronic-police camera at junction J-1 in 城关镇, limit 50 km/h, signalised, no lanes or zones. */
    public static final Device JUNCTION_CAMERA = new Device("EP-1", DeviceType.E_POLICE, "J-1", "东西大街", "城关镇", "东西大街",
            new GeoPoint(34.2, 108.9), 50.0, List.of(), List.of(), true, List.of());

    private TestDevices() {}
}

package dev.vigil.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Direction;
import dev.vigil.model.PlateColor;
import dev.vigil.model.VehicleClass;
import org.junit.jupiter.api.Test;

/** The shipped GA/T 1400 code table reads as the standard's public implementations agree. */
class Gat1400CodesTest {
    private final Gat1400Codes codes = Gat1400Codes.defaults();

    @Test
    void plateColoursDirectionsAndVehicleClasses() {
        assertThat(codes.plateColor("1")).isEqualTo(PlateColor.BLACK);
        assertThat(codes.plateColor("2")).isEqualTo(PlateColor.WHITE);
        assertThat(codes.plateColor("5")).isEqualTo(PlateColor.BLUE);
        assertThat(codes.plateColor("6")).isEqualTo(PlateColor.YELLOW);
        assertThat(codes.plateColor("9")).isEqualTo(PlateColor.GREEN);
        assertThat(codes.plateColor("3")).isEqualTo(PlateColor.OTHER);
        assertThat(codes.plateColor(null)).isNull();
        assertThat(codes.directions()).containsEntry("1", Direction.W).containsEntry("2", Direction.E)
                .containsEntry("3", Direction.N).containsEntry("4", Direction.S);
        assertThat(codes.vehicleClass("K33")).isEqualTo(VehicleClass.CAR);
        assertThat(codes.vehicleClass("K11")).isEqualTo(VehicleClass.BUS);
        assertThat(codes.vehicleClass("H21")).isEqualTo(VehicleClass.TRUCK);
        assertThat(codes.vehicleClass("M21")).isEqualTo(VehicleClass.MOTORCYCLE);
        assertThat(codes.vehicleClass("X99")).isEqualTo(VehicleClass.OTHER);
        assertThat(codes.vehicleClass("")).isNull();
    }

    @Test
    void imageRoles() {
        assertThat(codes.storageUrlRoles()).containsEntry("3", "PANORAMA").hasSize(5);
        assertThat(codes.subImageTypes()).containsEntry("01", "PANORAMA").containsEntry("02", "PLATE");
    }
}

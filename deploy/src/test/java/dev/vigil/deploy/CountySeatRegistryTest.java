package dev.vigil.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Device;
import dev.vigil.model.DeviceType;
import dev.vigil.model.Direction;
import dev.vigil.model.Lane;
import dev.vigil.model.Movement;
import dev.vigil.model.Registry;
import dev.vigil.model.RegistryReader;
import dev.vigil.model.Section;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The demo's sample city is a valid registry with everything the demo exercises. */
class CountySeatRegistryTest {
    private final Registry city = load();
    private final Map<String, Device> devices = city.devices().stream().collect(Collectors.toMap(Device::id, Function.identity()));

    @Test
    void twoArterialsWithSeveralJunctions() {
        Set<String> dongxi = sitesOn("东西大街", DeviceType.E_POLICE);
        Set<String> jiefang = sitesOn("解放路", DeviceType.E_POLICE);
        assertThat(dongxi).hasSizeGreaterThanOrEqualTo(3);
        assertThat(jiefang).hasSizeGreaterThanOrEqualTo(2);
        assertThat(dongxi).as("the arterials cross").containsAnyElementsOf(jiefang);
    }

    @Test
    void junctionCamerasHaveGuideLanesAndOneApproachBansLeftTurns() {
        assertThat(city.devices()).filteredOn(d -> d.type() == DeviceType.E_POLICE)
                .allSatisfy(d -> assertThat(d.lanes()).as(d.id()).isNotEmpty());
        assertThat(city.devices()).anySatisfy(d -> assertThat(d.prohibitedMovements()).contains(Movement.LEFT));
        assertThat(city.devices()).anySatisfy(d -> assertThat(d.rightTurnOnRedAllowed()).isFalse());
    }

    @Test
    void theOneWayStreetHasEveryLaneInOneDirection() {
        Device oneWay = devices.get("EP-ZL-01");
        assertThat(oneWay.lanes()).extracting(Lane::direction).containsOnly(Direction.N);
    }

    @Test
    void checkpointsFormTwoSectionsBetweenKnownCheckpoints() {
        assertThat(city.sections()).hasSize(2);
        for (Section s : city.sections()) {
            assertThat(devices.get(s.entryDevice()).type()).isEqualTo(DeviceType.CHECKPOINT);
            assertThat(devices.get(s.exitDevice()).type()).isEqualTo(DeviceType.CHECKPOINT);
        }
    }

    @Test
    void parkingCamerasWatchZonesOnSeveralStreets() {
        assertThat(city.devices()).filteredOn(d -> d.type() == DeviceType.PARKING)
                .hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(d -> assertThat(d.zones()).isNotEmpty())
                .extracting(Device::road).doesNotHaveDuplicates();
    }

    @Test
    void exemptionsAndAHotlist() {
        assertThat(city.exemptions().plateSuffixes()).contains("警");
        assertThat(city.hotlist()).isNotEmpty();
    }

    private Set<String> sitesOn(String road, DeviceType type) {
        return city.devices().stream().filter(d -> road.equals(d.road()) && d.type() == type).map(Device::siteId)
                .collect(Collectors.toSet());
    }

    private static Registry load() {
        try (InputStream in = CountySeatRegistryTest.class.getResourceAsStream("/dev/vigil/deploy/county-seat.yaml")) {
            return RegistryReader.read(in.readAllBytes(), false, "county-seat.yaml");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.vigil.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistryReaderTest {
    private static final String COUNTY_SEAT = """
            devices:
              - id: "EP-DX-01"
                type: E_POLICE
                siteId: "J-DONGXI-JIEFANG"
                name: 东西大街与解放路口 东向
                district: 城关镇
                road: 东西大街
                location: {lat: 34.2651, lon: 108.9402}
                speedLimitKmh: 60
                lanes:
                  - {number: 1, direction: E, movements: [LEFT, U_TURN]}
                  - {number: 2, direction: E, movements: [STRAIGHT]}
                  - {number: 3, direction: E, movements: [STRAIGHT, RIGHT]}
                prohibitedMovements: [U_TURN]
                rightTurnOnRedAllowed: false
              - id: "PK-01"
                type: PARKING
                siteId: "S-JIEFANG-N"
                location: {lat: 34.27, lon: 108.94}
                zones: [{id: "Z-JF-1"}, {id: "Z-JF-2", minIntervalSeconds: 600}]
              - id: "CK-01"
                type: CHECKPOINT
                siteId: "C-01"
                location: {lat: 34.20, lon: 108.90}
              - id: "CK-02"
                type: CHECKPOINT
                siteId: "C-02"
                location: {lat: 34.22, lon: 108.95}
            sections:
              - {id: "SEC-1", entryDevice: "CK-01", exitDevice: "CK-02", lengthMeters: 4200, speedLimitKmh: 80}
            exemptions:
              plates: ["陕A00001"]
              plateSuffixes: ["警"]
            hotlist:
              - {plate: "陕A12345", note: 套牌嫌疑}
            """;

    @Test
    void readsYamlAndFillsDefaults() {
        Registry registry = RegistryReader.read(COUNTY_SEAT, "county.yaml");

        assertThat(registry.devices()).hasSize(4);
        Device junction = registry.devices().get(0);
        assertThat(junction.type()).isEqualTo(DeviceType.E_POLICE);
        assertThat(junction.lane(1)).isEqualTo(new Lane(1, Direction.E, List.of(Movement.LEFT, Movement.U_TURN)));
        assertThat(junction.lane(9)).isNull();
        assertThat(junction.rightTurnOnRedAllowed()).isFalse();
        assertThat(junction.location()).isEqualTo(new GeoPoint(34.2651, 108.9402));
        Device parking = registry.devices().get(1);
        assertThat(parking.rightTurnOnRedAllowed()).isTrue();
        assertThat(parking.zones()).containsExactly(new Zone("Z-JF-1", 300), new Zone("Z-JF-2", 600));
        assertThat(registry.sections()).containsExactly(new Section("SEC-1", "CK-01", "CK-02", 4200, 80));
        assertThat(registry.exemptions().plateSuffixes()).containsExactly("警");
        assertThat(registry.hotlist()).containsExactly(new HotlistEntry("陕A12345", "套牌嫌疑"));
    }

    @Test
    void readsTheSameRegistryFromJson() {
        Registry fromYaml = RegistryReader.read(COUNTY_SEAT, "county.yaml");
        byte[] json = VigilJson.toBytes(fromYaml);

        assertThat(RegistryReader.read(json, true, "county.json")).isEqualTo(fromYaml);
    }

    @Test
    void reportsEveryProblemNamingTheDeviceAndTheField() {
        String broken = """
                devices:
                  - id: 0101
                    type: E_POLICE
                    siteId: "J-1"
                    location: {lat: 91, lon: 108}
                  - id: "EP-2"
                    type: CAMERA
                    siteId: "J-2"
                    location: {lat: 34, lon: 108}
                    speedLimitKmh: 0
                    lanes: [{number: 1}, {number: 1, movements: [FLY]}]
                    zones: [{id: "Z", minIntervalSeconds: 5}]
                    colour: red
                  - id: "EP-2"
                    type: PARKING
                    siteId: "J-3"
                    location: {lat: 34, lon: 108}
                    zones: [{id: "Z"}]
                sections:
                  - {id: "S", entryDevice: "EP-2", exitDevice: "NOPE", lengthMeters: 100, speedLimitKmh: 80}
                """;

        assertThatThrownBy(() -> RegistryReader.read(broken, "broken.yaml"))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.problems()).containsExactly(
                        "device /devices/0 /devices/0/id: must be a string: quote it (YAML reads 65 unquoted as a number)",
                        "device /devices/0 /devices/0/location/lat: must be a number in -90..90",
                        "device 'EP-2' /devices/1/colour: unknown property (allowed: [district, id, lanes, location, name, "
                                + "prohibitedMovements, rightTurnOnRedAllowed, road, siteId, speedLimitKmh, type, zones])",
                        "device 'EP-2' /devices/1/type: must be one of [CHECKPOINT, E_POLICE, PARKING], was \"CAMERA\"",
                        "device 'EP-2' /devices/1/speedLimitKmh: must be a number greater than 0",
                        "device 'EP-2' /devices/1/lanes/1/number: duplicate lane number 1",
                        "device 'EP-2' /devices/1/lanes/1/movements/0: must be one of [LEFT, RIGHT, STRAIGHT, U_TURN], was \"FLY\"",
                        "device 'EP-2' /devices/1/zones/0/minIntervalSeconds: must be an integer of at least 10",
                        "device 'EP-2' /devices/2/id: duplicate device id",
                        "device 'EP-2' /devices/2/zones/0/id: duplicate zone id 'Z' (zone ids are unique across the registry)",
                        "section 'S' /sections/0/exitDevice: no device 'NOPE' in the registry"))
                .hasMessageContaining("broken.yaml");
    }

    @Test
    void refusesWhatIsNotARegistry() {
        assertThatThrownBy(() -> RegistryReader.read("{\"devices\": [", "x.json"))
                .isInstanceOf(RegistryException.class).hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> RegistryReader.read("sections: []".getBytes(StandardCharsets.UTF_8), false, "y"))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.problems()).containsExactly("registry /devices: required"));
        assertThatThrownBy(() -> RegistryReader.read("{\"devices\":[],\"devices\":[]}".getBytes(StandardCharsets.UTF_8), true, "z"))
                .isInstanceOf(RegistryException.class).hasMessageContaining("Duplicate field");
    }
}

package dev.vigil.pipeline;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;

/** The small registry the pipeline ITs run against, and the contract's id formula computed independently. */
final class CountySeat {
    static final String REGISTRY = """
            devices:
              - {id: "EP-1", type: E_POLICE, siteId: "J-1", district: 城关镇, road: 解放路, location: {lat: 34.2651, lon: 108.9402}, speedLimitKmh: 60}
              - {id: "EP-2", type: E_POLICE, siteId: "J-1", district: 城关镇, road: 解放路, location: {lat: 34.2652, lon: 108.9405}, speedLimitKmh: 60}
              - {id: "EP-3", type: E_POLICE, siteId: "J-2", district: 城关镇, road: 东西大街, location: {lat: 34.2700, lon: 108.9500}, speedLimitKmh: 60}
              - {id: "PK-1", type: PARKING, siteId: "S-1", district: 城关镇, road: 北大街, location: {lat: 34.2800, lon: 108.9400}, zones: [{id: "Z-1"}]}
              - {id: "CK-1", type: CHECKPOINT, siteId: "C-1", district: 新区, road: 迎宾大道, location: {lat: 34.2000, lon: 108.9000}}
              - {id: "CK-2", type: CHECKPOINT, siteId: "C-2", district: 新区, road: 迎宾大道, location: {lat: 34.2150, lon: 108.9100}}
            exemptions: {plates: ["陕A00001"], plateSuffixes: ["警"]}
            sections:
              - {id: "SEC-1", entryDevice: "CK-1", exitDevice: "CK-2", lengthMeters: 2000, speedLimitKmh: 60}
            """;

    /** The same registry with one more junction camera, EP-4. */
    static final String REGISTRY_WITH_EP4 = REGISTRY.replace("exemptions:",
            "  - {id: \"EP-4\", type: E_POLICE, siteId: \"J-4\", district: 新区, road: 迎宾大道, location: {lat: 34.30, lon: 108.97}}\nexemptions:");

    private CountySeat() {}

    /** hex SHA-256 of {@code type|who|where|epochMillis}, as the contract defines violation ids. */
    static String violationId(String type, String who, String where, Instant eventTime) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((type + "|" + who + "|" + where + "|" + eventTime.toEpochMilli()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

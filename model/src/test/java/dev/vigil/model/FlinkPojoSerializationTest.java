package dev.vigil.model;

import static org.apache.flink.types.PojoTestUtils.assertSerializedAsPojoWithoutKryo;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every record that flows through the job is a Flink POJO all the way down: no Kryo fallback. */
class FlinkPojoSerializationTest {
    @ParameterizedTest
    @ValueSource(classes = {CameraEvent.class, Plate.class, Image.class, Violation.class, Evidence.class, GeoPoint.class,
        Stat.class, Alert.class, DeadLetter.class, Registry.class, Device.class, Lane.class, Zone.class, Section.class,
        Exemptions.class, HotlistEntry.class})
    void isSerializedAsPojoWithoutKryo(Class<?> type) {
        assertSerializedAsPojoWithoutKryo(type);
    }
}

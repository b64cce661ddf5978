package dev.vigil.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlatesTest {
    @Test
    void removesUnicodeWhiteSpaceAndMiddleDotAndUpperCasesAsciiLetters() {
        assertThat(Plates.normalize("苏e·d8888")).isEqualTo("苏ED8888");
        assertThat(Plates.normalize("沪C\u3000123\u00a04\u202f学 ")).isEqualTo("沪C1234学");
        assertThat(Plates.normalize("\t京A12345\n")).isEqualTo("京A12345");
        assertThat(Plates.normalize("京A12345")).isSameAs("京A12345".intern()).isEqualTo("京A12345");
    }

    @Test
    void placeholdersAndBlanksAreUnreadable() {
        assertThat(Plates.normalize(null)).isNull();
        assertThat(Plates.normalize("")).isNull();
        assertThat(Plates.normalize(" \u3000")).isNull();
        assertThat(Plates.normalize("无牌")).isNull();
        assertThat(Plates.normalize("无 车 牌")).isNull();
        assertThat(Plates.normalize("未识别")).isNull();
        assertThat(Plates.isReadable("粤B12345警")).isTrue();
    }
}

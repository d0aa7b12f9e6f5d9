package dev.hcxmesh.model.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Known answers from Pillow 9.4.0 ({@code Image.resize}) on a 7×5 image, plus invariants. */
class PillowResamplerTest {

    /** 7×5 RGB: {@code (x·37 + y·11 + c·71) mod 256}. */
    static RgbImage source() {
        byte[] px = new byte[7 * 5 * 3];
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 7; x++) {
                for (int c = 0; c < 3; c++) {
                    px[(y * 7 + x) * 3 + c] = (byte) ((x * 37 + y * 11 + c * 71) % 256);
                }
            }
        }
        return new RgbImage(7, 5, px);
    }

    static Stream<Arguments> pillowAnswers() {
        return Stream.of(
                Arguments.of(
                        3,
                        4,
                        "BICUBIC",
                        "29,101,180,113,180,160,197,58,74,42,114,193,126,193,83,210,71,87,56,128,209,140,209,102,227,87,101,69,148,176,160,164,57,158,54,121"),
                Arguments.of(
                        11,
                        7,
                        "BICUBIC",
                        "0,67,138,12,83,154,39,110,181,63,134,204,86,157,245,110,181,255,134,223,111,157,170,24,181,10,66,208,9,94,224,39,110,4,73,144,18,89,160,45,116,188,69,140,221,92,163,192,116,187,115,140,229,58,163,176,41,187,16,73,214,15,100,230,45,116,11,82,153,27,98,169,54,125,197,78,149,240,101,172,151,125,196,0,149,238,17,172,185,59,196,25,82,223,24,109,239,54,125,19,90,161,35,106,177,62,133,205,86,157,246,109,180,166,133,204,19,157,246,32,180,193,66,204,33,90,231,32,117,247,62,133,27,98,169,43,114,184,70,141,214,94,165,255,117,187,188,141,212,27,165,255,39,187,217,74,211,42,98,250,39,125,255,70,141,36,107,178,52,123,200,79,150,215,103,174,166,126,201,100,150,221,36,174,178,53,200,115,83,225,43,107,182,55,134,143,79,150,42,113,184,58,129,214,85,156,212,109,180,40,132,214,0,156,227,42,180,69,66,210,0,89,236,40,113,95,69,140,0,85,156"),
                Arguments.of(
                        4,
                        2,
                        "LANCZOS",
                        "23,92,175,86,167,198,153,191,53,225,25,99,49,117,206,111,197,128,187,158,45,193,48,134"),
                Arguments.of(
                        9,
                        5,
                        "LANCZOS",
                        "0,69,140,21,92,163,56,127,192,81,151,237,111,182,253,141,236,73,166,95,25,201,0,94,224,44,110,9,80,151,32,103,167,67,138,236,92,162,188,122,193,8,152,247,24,177,106,69,212,0,98,235,55,121,20,91,162,43,114,178,78,149,247,103,173,199,133,204,19,163,255,35,188,117,80,223,11,109,246,66,132,31,102,173,54,125,189,89,160,255,114,184,210,144,215,30,174,255,46,199,128,91,234,22,120,255,77,143,42,113,179,65,136,234,100,165,128,125,210,0,155,226,41,177,46,72,248,0,96,154,67,131,0,83,154"),
                Arguments.of(
                        7,
                        2,
                        "BICUBIC",
                        "9,80,151,46,117,188,83,154,233,120,191,95,157,236,43,194,9,80,239,46,117,35,106,177,72,143,214,109,180,162,146,217,24,183,165,69,220,35,106,168,72,143"));
    }

    @ParameterizedTest(name = "{2} 7x5 -> {0}x{1}")
    @MethodSource("pillowAnswers")
    void matchesPillow(int w, int h, String filter, String expected) {
        RgbImage out = PillowResampler.resize(source(), w, h, PillowResampler.Filter.valueOf(filter));
        int[] got = new int[out.rgb().length];
        for (int i = 0; i < got.length; i++) {
            got[i] = out.rgb()[i] & 0xFF;
        }
        int[] want =
                Arrays.stream(expected.split(",")).mapToInt(Integer::parseInt).toArray();
        assertThat(got).containsExactly(want);
    }

    @Test
    void sameSizeIsACopy() {
        RgbImage src = source();
        RgbImage out = PillowResampler.resize(src, 7, 5, PillowResampler.Filter.BICUBIC);
        assertThat(out.rgb()).isEqualTo(src.rgb()).isNotSameAs(src.rgb());
    }

    @Test
    void constantImageStaysConstant() {
        RgbImage flat = RgbImage.filled(513, 77, 200, 13, 127);
        for (PillowResampler.Filter f : PillowResampler.Filter.values()) {
            RgbImage out = PillowResampler.resize(flat, 101, 300, f);
            for (int i = 0; i < out.rgb().length; i += 3) {
                assertThat(new int[] {out.rgb()[i] & 0xFF, out.rgb()[i + 1] & 0xFF, out.rgb()[i + 2] & 0xFF})
                        .containsExactly(200, 13, 127);
            }
        }
    }

    @Test
    void bicubicKernelValues() {
        PillowResampler.Filter f = PillowResampler.Filter.BICUBIC;
        assertThat(f.weight(0)).isEqualTo(1.0);
        assertThat(f.weight(1)).isEqualTo(0.0);
        assertThat(f.weight(0.5)).isEqualTo(0.5625);
        assertThat(f.weight(-1.5)).isEqualTo(-0.0625);
        assertThat(f.weight(2)).isEqualTo(0.0);
        assertThat(PillowResampler.Filter.LANCZOS.weight(0)).isEqualTo(1.0);
        assertThat(PillowResampler.Filter.LANCZOS.weight(3)).isEqualTo(0.0);
    }
}

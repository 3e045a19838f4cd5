package org.lnteller.adapter.serial.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The ID-003 frame: its bytes on the wire, and cutting a noisy, split stream back into frames. */
class FrameCodecTest {
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ").withUpperCase();

    private static byte[] hex(String text) {
        return HEX.parseHex(text);
    }

    private static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    // ---------------------------------------------------------------- encoding

    @Test
    void theStatusRequestIsFc05_11_2756ByteForByte() {
        assertThat(Frame.of(Id003.STATUS_REQUEST).encode()).containsExactly(0xFC, 0x05, 0x11, 0x27, 0x56);
    }

    @Test
    void theCommandsDriversSendHaveTheirPublishedBytes() {
        assertThat(hex(Frame.of(Id003.ACK).encode())).isEqualTo("FC 05 50 AA 05");
        assertThat(hex(Frame.of(Id003.RESET).encode())).isEqualTo("FC 05 40 2B 15");
        assertThat(hex(Frame.of(Id003.STACK_1).encode())).isEqualTo("FC 05 41 A2 04");
        assertThat(hex(Frame.of(Id003.RETURN).encode())).isEqualTo("FC 05 43 B0 27");
        assertThat(hex(Frame.of(Id003.SET_INHIBIT, Id003.INHIBITED).encode())).isEqualTo("FC 06 C3 01 8D C7");
        assertThat(hex(Frame.of(Id003.SET_ENABLE_DISABLE, 0x00, 0x00).encode())).isEqualTo("FC 07 C0 00 00 2D B5");
    }

    @Test
    void theCrcIsKermitsWithItsCheckValue() {
        assertThat(Crc16Kermit.of("123456789".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(0x2189);
        assertThat(Crc16Kermit.of(new byte[0])).isZero();
    }

    @Test
    void theLengthByteCountsTheWholeFrameAndTheCrcGoesLowByteFirst() {
        byte[] escrow = Frame.of(Id003.ESCROW, 0x65).encode();

        assertThat(escrow).hasSize(6);
        assertThat(escrow[1]).isEqualTo((byte) 6);
        int crc = Crc16Kermit.of(escrow, 0, 4);
        assertThat(escrow[4] & 0xFF).isEqualTo(crc & 0xFF);
        assertThat(escrow[5] & 0xFF).isEqualTo(crc >>> 8);
    }

    @Test
    void aFrameHoldsAtMost250DataBytes() {
        assertThat(Frame.withData(0x88, new byte[250]).encode()).hasSize(255);
        assertThatThrownBy(() -> Frame.withData(0x88, new byte[251])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Frame.of(0x100)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- decoding

    @Test
    void aFrameDecodesToWhatWasEncoded() {
        Frame version =
                Frame.withData(Id003.REQUEST_VERSION, "i(USA)100-SS ID003-05V310".getBytes(StandardCharsets.US_ASCII));

        assertThat(decodeAll(version.encode())).containsExactly(version);
    }

    @Test
    void garbageBeforeAFrameIsSkipped() {
        FrameDecoder decoder = new FrameDecoder();
        decoder.push(hex("00 13 7F FF 05 11 FC 05 11 27 56"));

        assertThat(decoder.next()).contains(Frame.of(0x11));
        assertThat(decoder.next()).isEmpty();
        assertThat(decoder.discarded()).isEqualTo(6);
    }

    @Test
    void aFrameSplitIntoSingleBytesComesOutOnceWhole() {
        byte[] table = Frame.withData(Id003.REQUEST_CURRENCY_ASSIGN, hex("61 01 01 00 63 01 05 00 65 01 02 01"))
                .encode();
        FrameDecoder decoder = new FrameDecoder();
        List<Frame> frames = new ArrayList<>();

        for (byte b : table) {
            decoder.push(b);
            decoder.next().ifPresent(frames::add);
        }

        assertThat(frames)
                .containsExactly(
                        Frame.withData(Id003.REQUEST_CURRENCY_ASSIGN, hex("61 01 01 00 63 01 05 00 65 01 02 01")));
        assertThat(decoder.buffered()).isZero();
    }

    @Test
    void framesSplitAcrossReadsAtEveryPointDecodeTheSame() {
        byte[] stream = concat(
                Frame.of(Id003.ESCROW, 0x65).encode(),
                Frame.of(Id003.STACKING).encode(),
                Frame.of(Id003.VEND_VALID).encode());

        for (int cut = 0; cut <= stream.length; cut++) {
            FrameDecoder decoder = new FrameDecoder();
            List<Frame> frames = new ArrayList<>();
            decoder.push(stream, 0, cut);
            drain(decoder, frames);
            decoder.push(stream, cut, stream.length - cut);
            drain(decoder, frames);

            assertThat(frames)
                    .as("cut at %d", cut)
                    .containsExactly(
                            Frame.of(Id003.ESCROW, 0x65), Frame.of(Id003.STACKING), Frame.of(Id003.VEND_VALID));
        }
    }

    @Test
    void aFrameWithABadCrcIsDroppedAndTheNextSyncIsFound() {
        byte[] corrupt = Frame.of(Id003.ESCROW, 0x65).encode();
        corrupt[3] = 0x66; // the escrow code changed on the line; the CRC no longer holds

        assertThat(decodeAll(concat(corrupt, Frame.of(Id003.STACKED).encode())))
                .containsExactly(Frame.of(Id003.STACKED));
    }

    @Test
    void aFalseSyncInGarbageDoesNotHideTheFrameBehindIt() {
        // FC 40 announces a 64-byte frame that never comes; the status frame after it must still decode.
        byte[] stream = concat(hex("FC 40 00"), Frame.of(Id003.IDLING).encode());

        FrameDecoder decoder = new FrameDecoder();
        decoder.push(stream);

        assertThat(decoder.next()).contains(Frame.of(Id003.IDLING));
    }

    @Test
    void aLengthBelowTheMinimumIsNotAFrame() {
        assertThat(decodeAll(concat(hex("FC 04 11 00"), Frame.of(Id003.DISABLED).encode())))
                .containsExactly(Frame.of(Id003.DISABLED));
    }

    @Test
    void aSyncByteInsideTheCrcDoesNotConfuseTheDecoder() {
        // Find a frame whose CRC contains 0xFC, and check it decodes like any other.
        Frame withSyncInCrc = null;
        for (int code = 0; code < 256 && withSyncInCrc == null; code++) {
            byte[] bytes = Frame.of(Id003.ESCROW, code).encode();
            if ((bytes[4] & 0xFF) == 0xFC || (bytes[5] & 0xFF) == 0xFC) withSyncInCrc = Frame.of(Id003.ESCROW, code);
        }
        assertThat(withSyncInCrc).as("some escrow frame has 0xFC in its CRC").isNotNull();

        assertThat(decodeAll(
                        concat(withSyncInCrc.encode(), Frame.of(Id003.IDLING).encode())))
                .containsExactly(withSyncInCrc, Frame.of(Id003.IDLING));
    }

    @Test
    void anIncompleteFrameWaitsForTheRest() {
        byte[] bytes = Frame.of(Id003.REJECTING, 0x78).encode();
        FrameDecoder decoder = new FrameDecoder();

        decoder.push(bytes, 0, 4);
        Optional<Frame> early = decoder.next();
        decoder.push(bytes, 4, 2);

        assertThat(early).isEmpty();
        assertThat(decoder.next()).contains(Frame.of(Id003.REJECTING, 0x78));
    }

    @Test
    void clearingForgetsHalfAFrame() {
        FrameDecoder decoder = new FrameDecoder();
        decoder.push(hex("FC 05 11"));

        decoder.clear();
        decoder.push(Frame.of(Id003.ACK).encode());

        assertThat(decoder.next()).contains(Frame.of(Id003.ACK));
    }

    // ---------------------------------------------------------------- helpers

    private static List<Frame> decodeAll(byte[] stream) {
        FrameDecoder decoder = new FrameDecoder();
        decoder.push(stream);
        List<Frame> frames = new ArrayList<>();
        drain(decoder, frames);
        return frames;
    }

    private static void drain(FrameDecoder decoder, List<Frame> into) {
        for (Optional<Frame> f = decoder.next(); f.isPresent(); f = decoder.next()) into.add(f.get());
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) length += p.length;
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}

package org.lnteller.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QrCodeTest {
    static final String TOTEM = "03+03SW:61KWK%31/2/YP5KBWWTB++ :*UQ*+.ARO:SI.L9+0RI0 FI:0$%*";

    @Test
    void aTotemIsDrawnInAlphanumericMode() {
        assertThat(QrCode.of(TOTEM).mode()).isEqualTo("ALPHANUMERIC");
    }

    @Test
    void theSvgAndPngShowTheSameModules() {
        QrCode qr = QrCode.of(TOTEM);
        String svg = qr.svg();
        int dark = 0;
        for (int y = 0; y < qr.size(); y++) for (int x = 0; x < qr.size(); x++) if (qr.dark(x, y)) dark++;
        assertThat(svg.split("h1v1h-1z", -1)).hasSize(dark + 1);
        assertThat(svg).startsWith("<svg").endsWith("</svg>");
        byte[] png = qr.png();
        assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    }
}

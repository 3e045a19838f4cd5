package org.lnteller.adapter.http;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;
import com.google.zxing.qrcode.encoder.QRCode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A QR code of a pairing totem, drawn as PNG and SVG. ZXing picks the QR mode from the text: a
 * totem holds only QR alphanumeric characters, so the code is in alphanumeric mode, as a machine's
 * scanner expects. Error correction M, four modules of quiet zone.
 */
final class QrCode {
    static final int QUIET_ZONE = 4;
    /** Pixels per module in the PNG. */
    static final int PNG_SCALE = 8;

    private final ByteMatrix modules;
    private final String mode;

    private QrCode(QRCode code) {
        this.modules = code.getMatrix();
        this.mode = code.getMode().name();
    }

    static QrCode of(String text) {
        try {
            return new QrCode(
                    Encoder.encode(text, ErrorCorrectionLevel.M, Map.of(EncodeHintType.CHARACTER_SET, "ISO-8859-1")));
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot draw a QR code of that text: " + e.getMessage(), e);
        }
    }

    /** The QR mode ZXing chose, e.g. {@code ALPHANUMERIC}. */
    String mode() {
        return mode;
    }

    int size() {
        return modules.getWidth();
    }

    boolean dark(int x, int y) {
        return modules.get(x, y) == 1;
    }

    BitMatrix withQuietZone() {
        int side = size() + 2 * QUIET_ZONE;
        BitMatrix m = new BitMatrix(side, side);
        for (int y = 0; y < size(); y++) {
            for (int x = 0; x < size(); x++) if (dark(x, y)) m.set(x + QUIET_ZONE, y + QUIET_ZONE);
        }
        return m;
    }

    byte[] png() {
        BitMatrix m = withQuietZone();
        int side = m.getWidth() * PNG_SCALE;
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_BINARY);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++)
                image.setRGB(x, y, m.get(x / PNG_SCALE, y / PNG_SCALE) ? 0x000000 : 0xFFFFFF);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** One path of unit squares in a viewBox of modules, so it scales without blur. */
    String svg() {
        int side = size() + 2 * QUIET_ZONE;
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < size(); y++) {
            for (int x = 0; x < size(); x++) {
                if (dark(x, y))
                    path.append('M')
                            .append(x + QUIET_ZONE)
                            .append(' ')
                            .append(y + QUIET_ZONE)
                            .append("h1v1h-1z");
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + side + " " + side
                + "\" shape-rendering=\"crispEdges\">"
                + "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path + "\"/></svg>";
    }
}

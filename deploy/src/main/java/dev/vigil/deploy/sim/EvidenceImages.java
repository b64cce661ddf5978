package dev.vigil.deploy.sim;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The pictures a simulated camera takes of a violation: a 1280×720 scene per role (stop line,
 * junction, after the line) with the camera's caption burnt in, as electronic-police cameras do,
 * and a plate crop. Deterministic: the same event draws the same bytes, so retries carry the same
 * SHA-256. JPEG at modest quality keeps them small (tens of kB).
 */
final class EvidenceImages {
    static final int SCENE_WIDTH = 1280;
    static final int SCENE_HEIGHT = 720;
    static final int CROP_WIDTH = 440;
    static final int CROP_HEIGHT = 140;

    private static final DateTimeFormatter CAPTION_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final Color ASPHALT = new Color(58, 62, 68);
    private static final Color KERB = new Color(92, 110, 86);
    private static final Color MARKING = new Color(230, 230, 220);
    private static final Color CAPTION = new Color(255, 236, 120);

    private final ZoneId zone;
    private final Font caption = new Font(Font.SANS_SERIF, Font.BOLD, 26);
    private final Font plateFont = new Font(Font.MONOSPACED, Font.BOLD, 64);

    EvidenceImages(ZoneId zone) {
        this.zone = zone;
    }

    /** The JPEG of one picture of {@code eventId}; {@code PLATE} is a crop of the plate, every other role a scene. */
    byte[] render(String role, String deviceId, String eventId, long time, String plate, String signal) {
        boolean crop = role.equals("PLATE");
        BufferedImage image = new BufferedImage(crop ? CROP_WIDTH : SCENE_WIDTH, crop ? CROP_HEIGHT : SCENE_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            if (crop) {
                plateCrop(g, plate);
            } else {
                scene(g, role, signal);
                g.setFont(caption);
                g.setColor(CAPTION);
                g.drawString(deviceId + "  " + CAPTION_TIME.format(Instant.ofEpochMilli(time).atZone(zone)) + "  " + role, 24, 40);
                g.drawString((plate == null ? "—" : plate) + "  " + eventId, 24, 78);
            }
        } finally {
            g.dispose();
        }
        return jpeg(image);
    }

    private void scene(Graphics2D g, String role, String signal) {
        g.setColor(KERB);
        g.fillRect(0, 0, SCENE_WIDTH, SCENE_HEIGHT);
        g.setColor(ASPHALT);
        g.fillRect(160, 0, SCENE_WIDTH - 320, SCENE_HEIGHT);
        g.setColor(MARKING);
        g.setStroke(new BasicStroke(6));
        for (int x = 160 + 240; x < SCENE_WIDTH - 160; x += 240) {
            for (int y = 0; y < SCENE_HEIGHT; y += 90) {
                g.drawLine(x, y, x, y + 50);
            }
        }
        g.fillRect(160, 470, SCENE_WIDTH - 320, 12); // the stop line
        int carY = switch (role) {
            case "BEFORE_LINE" -> 520;
            case "IN_JUNCTION" -> 300;
            case "AFTER_LINE" -> 120;
            default -> 380;
        };
        g.setColor(new Color(40, 90, 170));
        g.fillRoundRect(560, carY, 160, 230, 30, 30);
        g.setColor(new Color(20, 30, 40));
        g.fillRect(580, carY + 30, 120, 50);
        g.setColor("RED".equals(signal) ? new Color(230, 40, 40) : "GREEN".equals(signal) ? new Color(40, 200, 90) : new Color(230, 170, 30));
        g.fillOval(SCENE_WIDTH - 130, 110, 60, 60);
    }

    private void plateCrop(Graphics2D g, String plate) {
        g.setColor(new Color(20, 70, 170));
        g.fillRect(0, 0, CROP_WIDTH, CROP_HEIGHT);
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(4));
        g.drawRect(8, 8, CROP_WIDTH - 16, CROP_HEIGHT - 16);
        g.setFont(plateFont);
        g.drawString(plate == null ? "?" : plate, 30, 95);
    }

    private static byte[] jpeg(BufferedImage image) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 * 1024);
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.6f);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}

package dev.vigil.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The dashboard's files, read once from the console jar: the page, its script and styles, and
 * ECharts from its WebJar, so the browser loads nothing from outside the console.
 */
final class WebAssets {
    /** A file to serve: its bytes and content type. */
    record Asset(byte[] bytes, String contentType) {}

    private static final String ECHARTS = "META-INF/resources/webjars/echarts/" + echartsVersion() + "/dist/echarts.min.js";

    private final Map<String, Asset> byPath;

    WebAssets() {
        Asset page = load("dev/vigil/console/web/index.html", "text/html; charset=utf-8");
        this.byPath = Map.of(
                "/", page,
                "/index.html", page,
                "/app.js", load("dev/vigil/console/web/app.js", "text/javascript; charset=utf-8"),
                "/app.css", load("dev/vigil/console/web/app.css", "text/css; charset=utf-8"),
                "/vendor/echarts.min.js", load(ECHARTS, "text/javascript; charset=utf-8"));
    }

    /** The file served at {@code path}, or null. */
    Asset get(String path) {
        return byPath.get(path);
    }

    private static Asset load(String resource, String contentType) {
        try (InputStream in = WebAssets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the console jar lacks " + resource);
            }
            return new Asset(in.readAllBytes(), contentType);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The version of the ECharts WebJar on the class path, from its Maven metadata. */
    private static String echartsVersion() {
        try (InputStream in = WebAssets.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars.npm/echarts/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the ECharts WebJar is not on the class path");
            }
            java.util.Properties props = new java.util.Properties();
            props.load(in);
            return props.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.vigil.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Installs Vigil's index templates (strict mappings; the violations template also puts every
 * monthly index behind the alias) and creates the stats and alerts indices. Idempotent: running
 * it again changes nothing but the templates' content.
 */
public final class IndexTemplates {
    private IndexTemplates() {}

    /** Installs the three templates for {@code indices} and creates the stats and alerts indices if missing. */
    public static void install(ElasticsearchClient client, Indices indices) {
        try {
            for (String kind : List.of("violations", "stats", "alerts")) {
                String body = resource(kind + "-template.json").replace("{{prefix}}", indices.prefix());
                client.indices().putIndexTemplate(t -> t.name(indices.prefix() + kind).withJson(new StringReader(body)));
            }
            for (String index : List.of(indices.stats(), indices.alerts())) {
                if (!client.indices().exists(e -> e.index(index)).value()) {
                    try {
                        client.indices().create(c -> c.index(index));
                    } catch (ElasticsearchException e) {
                        if (!"resource_already_exists_exception".equals(e.error().type())) {
                            throw e;
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install index templates: " + e.getMessage(), e);
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = IndexTemplates.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("template resource missing: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

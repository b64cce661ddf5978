package dev.vigil.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.databind.DeserializationFeature;
import dev.vigil.model.Nullable;
import dev.vigil.model.VigilJson;
import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;

/**
 * Builds Elasticsearch clients whose documents are written and read by Vigil's JSON codec, so a
 * violation indexed is byte-for-byte the violation on Kafka. Close the client's transport when done.
 */
public final class ElasticsearchClients {
    private ElasticsearchClients() {}

    /** A client for {@code url} ({@code http://host:port}), with basic authentication when a user is given. */
    public static ElasticsearchClient create(String url, @Nullable String username, @Nullable String password) {
        RestClientBuilder builder = RestClient.builder(HttpHost.create(url));
        if (username != null && !username.isEmpty()) {
            BasicCredentialsProvider credentials = new BasicCredentialsProvider();
            credentials.setCredentials(AuthScope.ANY, new UsernamePasswordCredentials(username, password == null ? "" : password));
            builder.setHttpClientConfigCallback(http -> http.setDefaultCredentialsProvider(credentials));
        }
        // a copy, because JacksonJsonpMapper reconfigures the mapper it is given; documents are read
        // from inside responses, so the codec's end-of-input check does not apply here
        JacksonJsonpMapper mapper = new JacksonJsonpMapper(VigilJson.mapper().copy()
                .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS));
        return new ElasticsearchClient(new RestClientTransport(builder.build(), mapper));
    }

    /** A client for {@code url} without authentication. */
    public static ElasticsearchClient create(String url) {
        return create(url, null, null);
    }
}

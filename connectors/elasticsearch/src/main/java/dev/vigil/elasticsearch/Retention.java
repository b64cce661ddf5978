package dev.vigil.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Deletes monthly violation indices older than the retention period. This distribution of
 * Elasticsearch has no ILM, so the launcher's maintenance task calls this.
 */
public final class Retention {
    private Retention() {}

    /**
     * Deletes every {@code <prefix>violations-YYYY.MM} index whose month ended more than
     * {@code months} whole months before {@code now}'s month; returns the names deleted.
     */
    public static List<String> deleteExpiredViolationIndices(ElasticsearchClient client, Indices indices, int months, Instant now) {
        if (months < 1) {
            throw new IllegalArgumentException("vigil.retention.months must be at least 1, was " + months);
        }
        Pattern monthly = Pattern.compile(Pattern.quote(indices.prefix() + "violations-") + "(\\d{4})\\.(\\d{2})");
        YearMonth oldestKept = YearMonth.from(now.atZone(ZoneOffset.UTC)).minusMonths(months - 1L);
        try {
            List<String> expired = new ArrayList<>();
            for (String index : client.indices().get(g -> g.index(indices.violationsPattern())).result().keySet()) {
                Matcher m = monthly.matcher(index);
                if (m.matches() && YearMonth.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))).isBefore(oldestKept)) {
                    expired.add(index);
                }
            }
            if (!expired.isEmpty()) {
                client.indices().delete(d -> d.index(expired));
            }
            return expired;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot apply retention: " + e.getMessage(), e);
        }
    }
}

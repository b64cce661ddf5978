package dev.vigil.gateway;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Events per second per vendor, whichever protocol they arrive by, so one noisy vendor cannot starve the others. */
final class VendorRates {
    private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();
    private final RateLimiterConfig config;
    private final int perSecond;

    VendorRates(int eventsPerSecond) {
        this.perSecond = eventsPerSecond;
        this.config = RateLimiterConfig.custom()
                .limitForPeriod(eventsPerSecond)
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(Duration.ZERO)
                .build();
    }

    /** Takes {@code events} from the vendor's allowance; false when this second's is used up. */
    boolean take(String vendor, int events) {
        return limiters.computeIfAbsent(vendor, v -> RateLimiter.of("vendor-" + v, config)).acquirePermission(events);
    }

    int perSecond() {
        return perSecond;
    }
}

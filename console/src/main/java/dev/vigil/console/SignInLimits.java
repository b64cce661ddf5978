package dev.vigil.console;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A limit on sign-in attempts, per user name and per client address, so passwords cannot be
 * guessed at speed: {@code perMinute} attempts a minute for a name, three times that for an
 * address (several people may sign in from one command centre). Attempts beyond it answer 429.
 */
final class SignInLimits {
    /** Beyond this many names or addresses the oldest allowances are forgotten, so the map stays bounded. */
    private static final int MAX_KEYS = 10_000;

    private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();
    private final RateLimiterConfig perUser;
    private final RateLimiterConfig perAddress;

    SignInLimits(int perMinute) {
        this.perUser = config(perMinute);
        this.perAddress = config(3 * perMinute);
    }

    /** Takes one attempt from the allowances of {@code user} and {@code address}; false when either is used up. */
    boolean allow(String user, String address) {
        if (limiters.size() > MAX_KEYS) {
            limiters.clear();
        }
        boolean byAddress = limiters.computeIfAbsent("address:" + address, k -> RateLimiter.of(k, perAddress)).acquirePermission();
        boolean byUser = user == null
                || limiters.computeIfAbsent("user:" + user, k -> RateLimiter.of(k, perUser)).acquirePermission();
        return byAddress && byUser;
    }

    private static RateLimiterConfig config(int perMinute) {
        return RateLimiterConfig.custom()
                .limitForPeriod(perMinute)
                .limitRefreshPeriod(Duration.ofMinutes(1))
                .timeoutDuration(Duration.ZERO)
                .build();
    }
}

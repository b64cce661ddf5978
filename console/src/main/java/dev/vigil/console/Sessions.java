package dev.vigil.console;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * People's sign-in: users with bcrypt password hashes from the configuration, and sessions (a
 * random id in an HttpOnly cookie) that last {@link #LIFETIME} or until sign-out. Sessions live in
 * memory: a restarted console asks people to sign in again.
 */
final class Sessions {
    static final String COOKIE = "vigil_session";
    static final Duration LIFETIME = Duration.ofHours(12);
    /** Verified when the user is unknown, so a wrong name costs as long as a wrong password. */
    private static final String DUMMY_HASH = BCrypt.withDefaults().hashToString(10, "not a password".toCharArray());

    private final Map<String, String> hashes = new HashMap<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /** A signed-in user until {@code expiresAt} (epoch millis). */
    record Session(String user, long expiresAt) {}

    Sessions(List<ConsoleConfig.User> users) {
        for (ConsoleConfig.User user : users) {
            hashes.put(user.name(), user.bcrypt());
        }
    }

    /** A new session id for the user, or null when the name or password is wrong. */
    String signIn(String user, String password) {
        String hash = user == null ? null : hashes.get(user);
        boolean verified = BCrypt.verifyer().verify((password == null ? "" : password).toCharArray(),
                (hash == null ? DUMMY_HASH : hash).getBytes(StandardCharsets.UTF_8)).verified;
        if (!verified || hash == null) {
            return null;
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String id = HexFormat.of().formatHex(bytes);
        long now = System.currentTimeMillis();
        sessions.put(id, new Session(user, now + LIFETIME.toMillis()));
        expire(now);
        return id;
    }

    /** The session's user, or null when there is no such live session. */
    String user(String id) {
        if (id == null) {
            return null;
        }
        Session session = sessions.get(id);
        if (session == null || session.expiresAt() < System.currentTimeMillis()) {
            return null;
        }
        return session.user();
    }

    void signOut(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    private void expire(long now) {
        for (Iterator<Session> it = sessions.values().iterator(); it.hasNext(); ) {
            if (it.next().expiresAt() < now) {
                it.remove();
            }
        }
    }
}

package dev.vigil.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP Digest authentication (RFC 7616, MD5, qop=auth) for GA/T 1400 registration: the first
 * request gets a challenge with a fresh nonce; the retry proves the password without sending it.
 * Each nonce serves one registration and expires after five minutes.
 */
public final class DigestAuthenticator {
    static final String REALM = "vigil-viid";
    private static final long NONCE_MILLIS = 5 * 60_000;
    private static final Pattern PARAM = Pattern.compile("(\\w+)\\s*=\\s*(?:\"([^\"]*)\"|([^,\\s]*))");

    private final Map<String, Long> nonces = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final LongSupplier clock;

    DigestAuthenticator(LongSupplier clock) {
        this.clock = clock;
    }

    /** A {@code WWW-Authenticate} value with a new nonce. */
    String challenge() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String nonce = HexFormat.of().formatHex(bytes);
        long now = clock.getAsLong();
        nonces.put(nonce, now + NONCE_MILLIS);
        if (nonces.size() > 10_000) {
            for (Iterator<Long> it = nonces.values().iterator(); it.hasNext(); ) {
                if (it.next() < now) {
                    it.remove();
                }
            }
        }
        return "Digest realm=\"" + REALM + "\", qop=\"auth\", nonce=\"" + nonce + "\", algorithm=MD5";
    }

    /**
     * The user an {@code Authorization: Digest …} header proves, given each user's password; null when
     * it proves nothing (missing, unknown user, stale or reused nonce, wrong response).
     */
    String verify(String method, String authorization, Map<String, String> passwords) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Digest ", 0, 7)) {
            return null;
        }
        Map<String, String> p = new HashMap<>();
        Matcher m = PARAM.matcher(authorization.substring(7));
        while (m.find()) {
            p.put(m.group(1).toLowerCase(), m.group(2) != null ? m.group(2) : m.group(3));
        }
        String user = p.get("username");
        String nonce = p.get("nonce");
        String password = user == null ? null : passwords.get(user);
        if (password == null || nonce == null || p.get("uri") == null || p.get("response") == null || !REALM.equals(p.get("realm"))) {
            return null;
        }
        Long expiry = nonces.remove(nonce);
        if (expiry == null || expiry < clock.getAsLong()) {
            return null;
        }
        String ha1 = md5(user + ':' + REALM + ':' + password);
        String ha2 = md5(method + ':' + p.get("uri"));
        String qop = p.get("qop");
        String expected = qop == null ? md5(ha1 + ':' + nonce + ':' + ha2)
                : md5(ha1 + ':' + nonce + ':' + p.get("nc") + ':' + p.get("cnonce") + ':' + qop + ':' + ha2);
        boolean ok = MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                p.get("response").toLowerCase().getBytes(StandardCharsets.US_ASCII));
        return ok ? user : null;
    }

    /** The client's side, for devices and tests: the Authorization header answering {@code challenge}. */
    public static String answer(String challenge, String method, String uri, String user, String password, String cnonce) {
        Map<String, String> c = new HashMap<>();
        Matcher m = PARAM.matcher(challenge.substring(challenge.indexOf(' ') + 1));
        while (m.find()) {
            c.put(m.group(1).toLowerCase(), m.group(2) != null ? m.group(2) : m.group(3));
        }
        String nc = "00000001";
        String ha1 = md5(user + ':' + c.get("realm") + ':' + password);
        String ha2 = md5(method + ':' + uri);
        String response = md5(ha1 + ':' + c.get("nonce") + ':' + nc + ':' + cnonce + ":auth:" + ha2);
        return "Digest username=\"" + user + "\", realm=\"" + c.get("realm") + "\", nonce=\"" + c.get("nonce") + "\", uri=\"" + uri
                + "\", qop=auth, nc=" + nc + ", cnonce=\"" + cnonce + "\", response=\"" + response + "\", algorithm=MD5";
    }

    static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

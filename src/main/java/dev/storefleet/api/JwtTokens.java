package dev.storefleet.api;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;

/**
 * Bearer tokens of the headless API: JWTs signed with HS256 and the server's {@code JWT_SECRET},
 * minted for a user id (the {@code sub} claim, which becomes the audited actor) and a {@link Role}
 * (the {@code role} claim), and verified on every request. The cryptography is nimbus-jose-jwt's;
 * this class only decides the rules: HS256 only, a subject and an expiry are required, 30 s of
 * clock skew are forgiven, and a token without a role is an operator's (tokens minted before
 * roles existed had none, and could do what an operator can, deleting and rolling back aside).
 */
public final class JwtTokens {
    /** HS256 needs a key at least as long as its hash (RFC 7518, 3.2). */
    public static final int MIN_SECRET_BYTES = 32;
    static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    static final int MAX_SUBJECT_LENGTH = 255;
    static final String ROLE_CLAIM = "role";
    /** The role of a token that has no {@code role} claim. */
    public static final Role ROLE_WITHOUT_CLAIM = Role.OPERATOR;

    /** Who sent a request with a valid token, and what the token lets them do. */
    record Caller(String user, Role role) {
    }

    private final byte[] secret;
    private final Clock clock;

    /** @throws IllegalArgumentException if the secret is missing or shorter than 32 bytes */
    public JwtTokens(String secret, Clock clock) {
        this.secret = checkedSecret(secret);
        this.clock = Objects.requireNonNull(clock);
    }

    /** The secret's bytes, or a message saying why it cannot sign HS256 tokens. */
    static byte[] checkedSecret(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("JWT_SECRET is not set. The API signs and checks its bearer tokens"
                    + " with it: set it to a random string of at least " + MIN_SECRET_BYTES
                    + " bytes, for example: export JWT_SECRET=$(openssl rand -base64 48)");
        }
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("JWT_SECRET is " + bytes.length + " bytes long; HS256 needs at least "
                    + MIN_SECRET_BYTES + ". Use a longer random string, for example: openssl rand -base64 48");
        }
        return bytes;
    }

    /** A token for {@code userId} with {@code role}, valid for {@code ttl} from now. */
    public String mint(String userId, Role role, Duration ttl) {
        Objects.requireNonNull(role, "role");
        String subject = userId == null ? "" : userId.strip();
        if (subject.isEmpty() || subject.length() > MAX_SUBJECT_LENGTH || subject.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("The user id must be 1-" + MAX_SUBJECT_LENGTH
                    + " characters with no control characters.");
        }
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("The token's lifetime must be positive.");
        }
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .claim(ROLE_CLAIM, role.word())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(secret));
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not sign the token", e);
        }
        return jwt.serialize();
    }

    /**
     * The user id and role of a valid token.
     *
     * @throws ApiException 401 saying what is wrong with the token, also when its role is not one of {@link Role}
     */
    Caller verify(String token) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw ApiException.unauthorized("The bearer token is not a signed JWT.");
        }
        if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
            throw ApiException.unauthorized("The bearer token is signed with " + jwt.getHeader().getAlgorithm()
                    + "; this server accepts HS256 only.");
        }
        try {
            if (!jwt.verify(new MACVerifier(secret))) {
                throw ApiException.unauthorized("The bearer token's signature does not match this server's JWT_SECRET.");
            }
        } catch (JOSEException e) {
            throw ApiException.unauthorized("The bearer token's signature could not be checked.");
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw ApiException.unauthorized("The bearer token's claims are not readable.");
        }
        Instant now = clock.instant();
        Date expiry = claims.getExpirationTime();
        if (expiry == null) {
            throw ApiException.unauthorized("The bearer token has no expiry (exp); mint one with a --ttl.");
        }
        if (expiry.toInstant().plus(CLOCK_SKEW).isBefore(now)) {
            throw ApiException.unauthorized("The bearer token expired at " + expiry.toInstant() + "; mint a new one.");
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && notBefore.toInstant().minus(CLOCK_SKEW).isAfter(now)) {
            throw ApiException.unauthorized("The bearer token is not valid before " + notBefore.toInstant() + ".");
        }
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank() || subject.length() > MAX_SUBJECT_LENGTH
                || subject.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.unauthorized("The bearer token names no usable user (sub).");
        }
        return new Caller(subject.strip(), role(claims));
    }

    /** The token's role; a role this server does not know is refused rather than guessed at. */
    private static Role role(JWTClaimsSet claims) {
        Object claim = claims.getClaim(ROLE_CLAIM);
        if (claim == null) {
            return ROLE_WITHOUT_CLAIM;
        }
        if (claim instanceof String text) {
            try {
                return Role.of(text);
            } catch (IllegalArgumentException e) {
                throw ApiException.unauthorized("The bearer token's role " + Quoted.of(text) + " is not one this server"
                        + " knows (" + Role.words() + "); mint a new token with --role.");
            }
        }
        throw ApiException.unauthorized("The bearer token's role is not a word (one of " + Role.words()
                + "); mint a new token with --role.");
    }

    /** Reads a lifetime as people type it: {@code 90s}, {@code 30m}, {@code 24h}, {@code 7d}. */
    public static Duration parseTtl(String text) {
        String value = text == null ? "" : text.strip().toLowerCase(java.util.Locale.ROOT);
        if (!value.matches("[0-9]{1,6}[smhd]")) {
            throw new IllegalArgumentException("The lifetime '" + text + "' is not like 90s, 30m, 24h or 7d.");
        }
        long amount = Long.parseLong(value.substring(0, value.length() - 1));
        Duration ttl = switch (value.charAt(value.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
        if (ttl.isZero()) {
            throw new IllegalArgumentException("The lifetime must be more than zero.");
        }
        return ttl;
    }
}

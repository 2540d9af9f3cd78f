package dev.storefleet.cluster;

import dev.storefleet.domain.ClusterException;
import io.fabric8.kubernetes.client.OAuthTokenProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * A kubeconfig user's {@code tokenFile} for fabric8, which ignores that field: the bearer token
 * is read from the file, and read again whenever the file changes (the kubelet replaces a pod's
 * projected service-account token before it expires, by swapping a symbolic link). Looking at
 * the file's attributes costs one {@code stat} per request; the token itself is read only when
 * they change. The token is never logged.
 */
final class TokenFile implements OAuthTokenProvider {
    private final Path file;
    private Object seen;
    private String token;

    TokenFile(Path file) {
        this.file = file;
    }

    @Override
    public synchronized String getToken() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            Object version = java.util.List.of(Objects.requireNonNullElse(attributes.fileKey(), ""),
                    attributes.lastModifiedTime(), attributes.size());
            if (!version.equals(seen) || token == null) {
                token = Files.readString(file, StandardCharsets.UTF_8).strip();
                seen = version;
            }
            return token;
        } catch (IOException e) {
            if (token != null) {
                return token; // a rotation in progress: the previous token is still valid for a while
            }
            throw new ClusterException("Cannot read the bearer token file " + file + ": " + e.getMessage()
                    + ". Check that it is mounted and readable by this user.", e);
        }
    }
}

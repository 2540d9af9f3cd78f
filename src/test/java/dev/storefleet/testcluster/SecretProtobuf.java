package dev.storefleet.testcluster;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import tools.jackson.databind.node.ObjectNode;

/**
 * Decodes the protobuf Secrets that Helm's release storage (a typed client-go client) writes,
 * into the JSON the CRUD store understands. Only what a Secret carries is read: metadata name,
 * namespace, uid, resourceVersion, labels, annotations; data, stringData, type, immutable.
 * Field numbers are those of k8s.io/api/core/v1/generated.proto.
 */
final class SecretProtobuf {

    private static final byte[] MAGIC = {0x6b, 0x38, 0x73, 0x00}; // "k8s\0"

    private final byte[] buf;
    private int pos;
    private final int end;

    private SecretProtobuf(byte[] buf, int start, int end) {
        this.buf = buf;
        this.pos = start;
        this.end = end;
    }

    static boolean isProtobuf(String contentType) {
        return contentType != null && contentType.startsWith("application/vnd.kubernetes.protobuf");
    }

    /** Decodes an encoded {@code runtime.Unknown} envelope holding a v1 Secret into JSON. */
    static ObjectNode decodeSecret(byte[] body) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (body.length < MAGIC.length || body[i] != MAGIC[i]) {
                throw new IllegalArgumentException("not a Kubernetes protobuf body");
            }
        }
        SecretProtobuf unknown = new SecretProtobuf(body, MAGIC.length, body.length);
        ObjectNode secret = Json.object().put("apiVersion", "v1").put("kind", "Secret");
        while (unknown.more()) {
            int tag = unknown.varint32();
            if (tag >>> 3 == 2 && (tag & 7) == 2) { // Unknown.raw
                unknown.message().readSecret(secret);
            } else {
                unknown.skip(tag);
            }
        }
        return secret;
    }

    private void readSecret(ObjectNode secret) {
        while (more()) {
            int tag = varint32();
            switch (tag >>> 3) {
                case 1 -> message().readMeta(secret.putObject("metadata"));
                case 2 -> {
                    String[] kv = message().mapEntry(true);
                    secret.withObject("data").put(kv[0], kv[1]);
                }
                case 3 -> secret.put("type", string());
                case 4 -> {
                    String[] kv = message().mapEntry(false);
                    secret.withObject("stringData").put(kv[0], kv[1]);
                }
                case 5 -> secret.put("immutable", varint() != 0);
                default -> skip(tag);
            }
        }
    }

    private void readMeta(ObjectNode meta) {
        while (more()) {
            int tag = varint32();
            switch (tag >>> 3) {
                case 1 -> meta.put("name", string());
                case 2 -> meta.put("generateName", string());
                case 3 -> meta.put("namespace", string());
                case 5 -> meta.put("uid", string());
                case 6 -> meta.put("resourceVersion", string());
                case 7 -> meta.put("generation", varint());
                case 11 -> {
                    String[] kv = message().mapEntry(false);
                    meta.withObject("labels").put(kv[0], kv[1]);
                }
                case 12 -> {
                    String[] kv = message().mapEntry(false);
                    meta.withObject("annotations").put(kv[0], kv[1]);
                }
                default -> skip(tag);
            }
        }
        if ("".equals(Json.text(meta, "resourceVersion"))) {
            meta.remove("resourceVersion");
        }
    }

    /** A map entry (key = 1, value = 2); bytes values come back base64-encoded, as in JSON. */
    private String[] mapEntry(boolean bytesValue) {
        String key = "";
        String value = "";
        while (more()) {
            int tag = varint32();
            if (tag >>> 3 == 1) {
                key = string();
            } else if (tag >>> 3 == 2) {
                byte[] raw = bytes();
                value = bytesValue ? Base64.getEncoder().encodeToString(raw) : new String(raw, StandardCharsets.UTF_8);
            } else {
                skip(tag);
            }
        }
        return new String[] {key, value};
    }

    private boolean more() {
        return pos < end;
    }

    private long varint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = buf[pos++];
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new IllegalArgumentException("malformed varint");
    }

    private int varint32() {
        return (int) varint();
    }

    private SecretProtobuf message() {
        int len = (int) varint();
        SecretProtobuf sub = new SecretProtobuf(buf, pos, pos + len);
        pos += len;
        return sub;
    }

    private byte[] bytes() {
        int len = (int) varint();
        ByteArrayOutputStream out = new ByteArrayOutputStream(len);
        out.write(buf, pos, len);
        pos += len;
        return out.toByteArray();
    }

    private String string() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    private void skip(int tag) {
        switch (tag & 7) {
            case 0 -> varint();
            case 1 -> pos += 8;
            case 2 -> {
                int len = (int) varint(); // not "pos += varint()": that adds to pos as it was before the varint
                pos += len;
            }
            case 5 -> pos += 4;
            default -> throw new IllegalArgumentException("unsupported protobuf wire type " + (tag & 7));
        }
    }
}

package dev.storefleet.cluster;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Helm release records rewritten as an interrupted Helm leaves them, for tests. */
final class ReleaseRecords {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ReleaseRecords() {
    }

    /** {@code record} with its status set to {@code status}, in the stored release and the label alike. */
    static Secret withStatus(Secret record, String status) {
        try {
            byte[] gzipped = Base64.getDecoder().decode(Base64.getDecoder().decode(record.getData().get("release")));
            ObjectNode release;
            try (var in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
                release = (ObjectNode) JSON.readTree(in.readAllBytes());
            }
            ((ObjectNode) release.path("info")).put("status", status);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (var gzip = new GZIPOutputStream(out)) {
                gzip.write(JSON.writeValueAsBytes(release));
            }
            String field = Base64.getEncoder().encodeToString(Base64.getEncoder().encode(out.toByteArray()));
            return new SecretBuilder(record).addToData("release", field)
                    .editMetadata().addToLabels("status", status).endMetadata().build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

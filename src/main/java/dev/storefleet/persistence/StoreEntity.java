package dev.storefleet.persistence;

import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreNames;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.domain.StoreType;
import dev.storefleet.domain.Verification;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Locale;

/** The {@code store} table. Mapped to and from the immutable domain {@link Store}. */
@Entity
@Table(name = "store")
class StoreEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    @Column(nullable = false, length = 63)
    String name;
    @Column(name = "name_key", nullable = false, length = 63)
    String nameKey;
    @Column(nullable = false, length = 30)
    String slug;
    @Enumerated(EnumType.STRING)
    @Column(name = "store_type", nullable = false, length = 16)
    StoreType type;
    @Column(nullable = false)
    String owner;
    @Column(name = "owner_key", nullable = false)
    String ownerKey;
    @Column(length = 254)
    String email;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    StoreStatus status;
    @Column(name = "k8s_namespace", nullable = false, length = 63)
    String namespace;
    @Column(name = "release_name", nullable = false, length = 53)
    String releaseName;
    @Column(name = "helm_revision")
    Integer helmRevision;
    @Column(length = 2048)
    String url;
    @Column(name = "last_error", length = 4000)
    String lastError;
    @Column(name = "created_at", nullable = false)
    Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;
    @Column(name = "operation_started_at")
    Instant operationStartedAt;
    @Column(name = "last_verified_at")
    Instant lastVerifiedAt;
    @Column(name = "last_verification_ok")
    Boolean lastVerificationOk;
    @Column(name = "last_verification_ms")
    Long lastVerificationMs;
    @Column(name = "last_verification_detail", length = 4000)
    String lastVerificationDetail;
    @Column(length = 128)
    String chart;
    @Column(name = "app_version", length = 64)
    String appVersion;

    protected StoreEntity() {
    }

    static StoreEntity of(Store store) {
        StoreEntity entity = new StoreEntity();
        entity.id = store.id();
        entity.name = store.name();
        entity.nameKey = StoreNames.nameKey(store.name());
        entity.slug = store.slug();
        entity.type = store.type();
        entity.owner = store.owner();
        entity.ownerKey = ownerKey(store.owner());
        entity.copyMutable(store);
        entity.createdAt = store.createdAt();
        return entity;
    }

    /** Copies what may change over a store's life; identity and names never change. */
    void copyMutable(Store store) {
        email = store.email();
        status = store.status();
        namespace = store.namespace();
        releaseName = store.releaseName();
        helmRevision = store.helmRevision();
        url = store.url();
        lastError = store.lastError();
        updatedAt = store.updatedAt();
        operationStartedAt = store.operationStartedAt();
        Verification v = store.lastVerification();
        lastVerifiedAt = v == null ? null : v.at();
        lastVerificationOk = v == null ? null : v.ok();
        lastVerificationMs = v == null ? null : v.durationMs();
        lastVerificationDetail = v == null ? null : v.detail();
        chart = store.chart();
        appVersion = store.appVersion();
    }

    Store toDomain() {
        return new Store(id, name, slug, type, owner, email, status, namespace, releaseName, helmRevision, url,
                lastError, createdAt, updatedAt, operationStartedAt, lastVerifiedAt == null ? null
                        : new Verification(lastVerifiedAt, Boolean.TRUE.equals(lastVerificationOk),
                                lastVerificationMs == null ? 0 : lastVerificationMs, lastVerificationDetail),
                chart, appVersion);
    }

    static String ownerKey(String owner) {
        return owner.toLowerCase(Locale.ROOT);
    }
}

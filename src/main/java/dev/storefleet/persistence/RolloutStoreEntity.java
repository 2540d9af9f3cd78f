package dev.storefleet.persistence;

import dev.storefleet.domain.RolloutStoreStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The {@code rollout_store} table (migration V8): one store of a rollout, in its wave. */
@Entity
@Table(name = "rollout_store")
class RolloutStoreEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    @Column(name = "rollout_id", nullable = false)
    long rolloutId;
    @Column(name = "store_id", nullable = false)
    long storeId;
    @Column(name = "store_name", nullable = false, length = 63)
    String storeName;
    @Column(name = "wave_index", nullable = false)
    int wave;
    @Column(name = "position_in_wave", nullable = false)
    int position;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    RolloutStoreStatus status;
    @Column(length = 4000)
    String detail;
    @Column(name = "from_revision")
    Integer fromRevision;
    @Column(name = "to_revision")
    Integer toRevision;
    @Column(name = "upgrade_requested", nullable = false)
    boolean upgradeRequested;
    @Column(name = "rollback_requested", nullable = false)
    boolean rollbackRequested;
}

package dev.storefleet.persistence;

import dev.storefleet.domain.RolloutStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The {@code rollout} table (migration V8): a rollout's plan as JSON and where it stands. */
@Entity
@Table(name = "rollout")
class RolloutEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    @Column(name = "plan_json", nullable = false, length = 1_000_000)
    String planJson;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    RolloutStatus status;
    @Column(length = 4000)
    String reason;
    @Column(nullable = false)
    String actor;
    @Column(name = "current_wave", nullable = false)
    int currentWave;
    @Column(name = "created_at", nullable = false)
    Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;
    @Column(name = "finished_at")
    Instant finishedAt;
}

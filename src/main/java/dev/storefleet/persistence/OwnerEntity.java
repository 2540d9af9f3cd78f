package dev.storefleet.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One row per owner, locked (SELECT ... FOR UPDATE) while a store is created for that owner,
 * so two concurrent creates cannot both see "2 stores" and both insert a third and fourth.
 */
@Entity
@Table(name = "store_owner")
class OwnerEntity {
    @Id
    @Column(name = "owner_key")
    String ownerKey;

    protected OwnerEntity() {
    }

    OwnerEntity(String ownerKey) {
        this.ownerKey = ownerKey;
    }
}

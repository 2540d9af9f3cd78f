/**
 * Adapter: WooCommerce REST v3 and Medusa store/admin API clients, for placing and listing orders.
 */
package dev.storefleet.store;

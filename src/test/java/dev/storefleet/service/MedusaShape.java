package dev.storefleet.service;

/**
 * A database shaped like a Medusa store's (text ids, jsonb metadata, a serial display id, foreign
 * keys between orders, their items, customers and products), with text beyond the BMP and a bytea.
 */
final class MedusaShape {
    static final String SCHEMA = """
            CREATE TABLE customer (id text PRIMARY KEY, email text NOT NULL, first_name text, metadata jsonb,
              created_at timestamptz NOT NULL);
            CREATE TABLE product (id text PRIMARY KEY, title text NOT NULL, handle text NOT NULL UNIQUE, metadata jsonb,
              thumbnail bytea);
            CREATE TABLE "order" (id text PRIMARY KEY, display_id serial NOT NULL, customer_id text REFERENCES customer (id),
              currency_code text NOT NULL, metadata jsonb, created_at timestamptz NOT NULL);
            CREATE TABLE order_item (id text PRIMARY KEY, order_id text NOT NULL REFERENCES "order" (id) ON DELETE CASCADE,
              product_id text REFERENCES product (id), title text NOT NULL, quantity integer NOT NULL, unit_price numeric(20, 6) NOT NULL);
            CREATE INDEX order_item_order_id ON order_item (order_id);
            """;

    private MedusaShape() {
    }

    /** The rows of a store with {@code orders} orders (two items each), as SQL. */
    static String rows(int orders) {
        return """
                INSERT INTO customer SELECT 'cus_' || lpad(i::text, 4, '0'), 'c' || i || '@shop.example', 'Zoë ' || i || ' 😀',
                  jsonb_build_object('tier', i %% 3, 'note', 'café «quoted» ''x'' \\ 店'), timestamptz '2026-01-01 00:00+00' + i * interval '1 hour'
                  FROM generate_series(1, 25) i;
                INSERT INTO product SELECT 'prod_' || lpad(i::text, 4, '0'), 'Socks №' || i, 'socks-' || i,
                  jsonb_build_object('sizes', jsonb_build_array('S', 'M', 'L'), 'material', 'wool 🧶'),
                  decode(md5(i::text) || md5((i * 7)::text), 'hex') FROM generate_series(1, 30) i;
                INSERT INTO "order" (id, customer_id, currency_code, metadata, created_at)
                  SELECT 'order_' || lpad(i::text, 5, '0'), 'cus_' || lpad((i %% 25 + 1)::text, 4, '0'), 'eur',
                  jsonb_build_object('source', 'storefront', 'n', i), timestamptz '2026-03-01 00:00+00' + i * interval '7 minutes'
                  FROM generate_series(1, %1$d) i ORDER BY i;
                INSERT INTO order_item SELECT 'item_' || lpad(i::text, 5, '0') || '_' || k, 'order_' || lpad(i::text, 5, '0'),
                  'prod_' || lpad(((i + k) %% 30 + 1)::text, 4, '0'), 'Socks – größe ' || k, k, (i %% 50) + 0.5
                  FROM generate_series(1, %1$d) i, generate_series(1, 2) k;
                """.formatted(orders);
    }
}

package dev.storefleet.service;

import java.util.HexFormat;
import java.util.Random;

/**
 * A database shaped like a WooCommerce store's (the tables and column kinds WordPress and
 * WooCommerce's order tables use), with text beyond the BMP, quotes and backslashes, and blobs
 * holding every byte value: what a dump must carry unchanged.
 */
final class WooCommerceShape {
    static final String SITE_URL = "http://store-a.shop.example";
    static final String SHOP_NAME = "Café Ünïcode 🛒 店 \"quoted\" o'clock \\ back";

    static final String SCHEMA = """
            CREATE TABLE wp_options (option_id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
              option_name varchar(191) NOT NULL UNIQUE, option_value longtext NOT NULL,
              autoload varchar(20) NOT NULL DEFAULT 'yes') ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
            CREATE TABLE wp_users (ID bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, user_login varchar(60) NOT NULL,
              user_pass varchar(255) NOT NULL, user_email varchar(100) NOT NULL, user_registered datetime NOT NULL,
              display_name varchar(250) NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
            CREATE TABLE wp_posts (ID bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, post_author bigint unsigned NOT NULL,
              post_date datetime NOT NULL, post_content longtext NOT NULL, post_title text NOT NULL,
              post_status varchar(20) NOT NULL, post_type varchar(20) NOT NULL, guid varchar(255) NOT NULL,
              KEY type_status_date (post_type, post_status, post_date, ID)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
            CREATE TABLE wp_postmeta (meta_id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, post_id bigint unsigned NOT NULL,
              meta_key varchar(255), meta_value longtext, KEY post_id (post_id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
            CREATE TABLE wp_wc_orders (id bigint unsigned NOT NULL PRIMARY KEY, status varchar(20), currency varchar(10),
              total_amount decimal(26,8), customer_id bigint unsigned, billing_email varchar(320), date_created_gmt datetime,
              date_updated_gmt datetime, KEY customer_id (customer_id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
            CREATE TABLE wp_woocommerce_order_items (order_item_id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
              order_item_name text NOT NULL, order_item_type varchar(200) NOT NULL DEFAULT '', order_id bigint unsigned NOT NULL,
              KEY order_id (order_id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
            CREATE TABLE wp_storefleet_files (id int NOT NULL PRIMARY KEY, name varchar(100) NOT NULL, data longblob NOT NULL) ENGINE=InnoDB;
            CREATE TRIGGER wp_wc_orders_touch BEFORE UPDATE ON wp_wc_orders FOR EACH ROW SET NEW.date_updated_gmt = UTC_TIMESTAMP();
            CREATE PROCEDURE wp_storefleet_order_total(IN order_id bigint) SELECT total_amount FROM wp_wc_orders WHERE id = order_id;
            """;

    private static final int PRODUCTS = 40;
    private static final int USERS = 12;

    private WooCommerceShape() {
    }

    /** The rows of a store with {@code orders} orders (two items each), as SQL. */
    static String rows(int orders) {
        StringBuilder sql = new StringBuilder();
        sql.append("INSERT INTO wp_options (option_name, option_value, autoload) VALUES ('siteurl', ")
                .append(literal(SITE_URL)).append(", 'yes'), ('home', ")
                .append(literal(SITE_URL)).append(", 'yes'), ('blogname', ")
                .append(literal(SHOP_NAME)).append(", 'yes'), ('admin_email', 'admin@shop.example', 'yes'),")
                .append(" ('woocommerce_currency', 'EUR', 'yes'), ('widget_block', ")
                .append(literal("a:1:{i:2;a:1:{s:7:\"content\";s:20:\"<p>C:\\\\path 'x'</p>\";}}")).append(", 'no');\n");
        for (int u = 1; u <= USERS; u++) {
            sql.append("INSERT INTO wp_users (user_login, user_pass, user_email, user_registered, display_name) VALUES (")
                    .append(literal("user" + u)).append(", '$P$Bhash").append(u).append("', ").append(literal("user" + u + "@shop.example"))
                    .append(", '2026-01-02 03:04:05', ").append(literal("Zoë Ñandú " + u + " 😀")).append(");\n");
        }
        for (int p = 1; p <= PRODUCTS; p++) {
            sql.append("INSERT INTO wp_posts (post_author, post_date, post_content, post_title, post_status, post_type, guid) VALUES (1, ")
                    .append("'2026-02-0").append(p % 9 + 1).append(" 10:00:00', ")
                    .append(literal("<!-- wp:paragraph --><p>Product " + p + ": 日本語, emoji 🧦, tab\tnew\nline</p>"))
                    .append(", ").append(literal("Socks №" + p)).append(", 'publish', 'product', ")
                    .append(literal(SITE_URL + "/?post_type=product&p=" + p)).append(");\n");
            sql.append("INSERT INTO wp_postmeta (post_id, meta_key, meta_value) VALUES (").append(p).append(", '_price', '")
                    .append(p).append(".50'), (").append(p).append(", '_sku', 'SF-").append(p).append("');\n");
        }
        sql.append("INSERT INTO wp_wc_orders (id, status, currency, total_amount, customer_id, billing_email, date_created_gmt) VALUES ");
        for (int o = 1; o <= orders; o++) {
            sql.append(o == 1 ? "" : ", ").append('(').append(1000 + o).append(", 'wc-completed', 'EUR', ").append(o * 7 % 500).append('.')
                    .append(o % 100).append(", ").append(o % USERS + 1).append(", 'buyer").append(o).append("@shop.example', '2026-03-")
                    .append(o % 18 + 10).append(" 12:00:00')");
        }
        sql.append(";\nINSERT INTO wp_woocommerce_order_items (order_item_name, order_item_type, order_id) VALUES ");
        for (int o = 1; o <= orders; o++) {
            sql.append(o == 1 ? "" : ", ").append('(').append(literal("Socks №" + (o % PRODUCTS + 1) + " – größe L")).append(", 'line_item', ")
                    .append(1000 + o).append("), ('Flat rate 🚚', 'shipping', ").append(1000 + o).append(')');
        }
        sql.append(";\n");
        byte[] everyByte = new byte[256];
        for (int b = 0; b < 256; b++) {
            everyByte[b] = (byte) b;
        }
        byte[] noise = new byte[64 * 1024];
        new Random(17).nextBytes(noise);
        sql.append("INSERT INTO wp_storefleet_files (id, name, data) VALUES (1, 'every-byte', X'").append(HexFormat.of().formatHex(everyByte))
                .append("'), (2, 'noise', X'").append(HexFormat.of().formatHex(noise)).append("');\n");
        return sql.toString();
    }

    /** A MariaDB string literal (default sql_mode: backslash escapes). */
    static String literal(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}

<?php
// Creates the sample products listed in SAMPLE_PRODUCTS (JSON) unless a product with the
// same SKU exists: re-runs never duplicate them.
$products = json_decode(getenv('SAMPLE_PRODUCTS') ?: '[]', true);
if (!is_array($products)) {
    WP_CLI::error('SAMPLE_PRODUCTS is not a JSON list');
}
foreach ($products as $p) {
    if (wc_get_product_id_by_sku($p['sku'])) {
        WP_CLI::log("product {$p['sku']} exists");
        continue;
    }
    $product = new WC_Product_Simple();
    $product->set_name($p['name']);
    $product->set_sku($p['sku']);
    $product->set_regular_price((string) $p['price']);
    $product->set_status('publish');
    $product->set_catalog_visibility('visible');
    $product->set_manage_stock(false);
    $product->set_stock_status('instock');
    $id = $product->save();
    WP_CLI::log("product {$p['sku']} created (id $id)");
}

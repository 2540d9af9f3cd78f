<?php
// Ensures one WooCommerce REST key (read_write) for the Storefleet console and publishes it
// in the Secret named by API_SECRET_NAME, in this pod's namespace.
// WooCommerce stores only a hash of the consumer key, so a key is re-used only while the
// Secret still holds it; otherwise a new key replaces the console's old ones.

const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
const KEY_DESCRIPTION = 'Storefleet console';

function k8s($method, $path, $body = null) {
    $host = getenv('KUBERNETES_SERVICE_HOST');
    if (strpos($host, ':') !== false) {
        $host = '[' . $host . ']';
    }
    $url = 'https://' . $host . ':' . getenv('KUBERNETES_SERVICE_PORT') . $path;
    $headers = [
        'Authorization: Bearer ' . trim(file_get_contents(SA_DIR . '/token')),
        'Accept: application/json',
    ];
    $http = ['method' => $method, 'ignore_errors' => true, 'timeout' => 30];
    if ($body !== null) {
        $headers[] = 'Content-Type: application/json';
        $http['content'] = json_encode($body);
    }
    $http['header'] = implode("\r\n", $headers);
    $context = stream_context_create([
        'http' => $http,
        'ssl' => ['cafile' => SA_DIR . '/ca.crt', 'verify_peer' => true, 'verify_peer_name' => true],
    ]);
    $response = @file_get_contents($url, false, $context);
    if ($response === false || !isset($http_response_header[0])) {
        WP_CLI::error("$method $path: no answer from the Kubernetes API");
    }
    preg_match('#^HTTP/\S+\s+(\d{3})#', $http_response_header[0], $m);
    return [(int) $m[1], json_decode($response, true)];
}

$namespace = trim(file_get_contents(SA_DIR . '/namespace'));
$name = getenv('API_SECRET_NAME');
$path = "/api/v1/namespaces/$namespace/secrets";

[$status, $current] = k8s('GET', "$path/$name");
if ($status !== 200 && $status !== 404) {
    WP_CLI::error("reading secret $namespace/$name: HTTP $status " . json_encode($current));
}

global $wpdb;
$table = $wpdb->prefix . 'woocommerce_api_keys';
$consumerKey = null;
$consumerSecret = null;
if ($status === 200 && isset($current['data']['consumerKey'], $current['data']['consumerSecret'])) {
    $oldKey = base64_decode($current['data']['consumerKey']);
    $oldSecret = base64_decode($current['data']['consumerSecret']);
    $found = $wpdb->get_var($wpdb->prepare(
        "SELECT key_id FROM $table WHERE consumer_key = %s AND consumer_secret = %s",
        wc_api_hash($oldKey), $oldSecret));
    if ($found) {
        $consumerKey = $oldKey;
        $consumerSecret = $oldSecret;
        WP_CLI::log('REST key in the secret is still valid');
    }
}
if ($consumerKey === null) {
    $user = get_user_by('login', getenv('WP_ADMIN_USER'));
    if (!$user) {
        WP_CLI::error('administrator ' . getenv('WP_ADMIN_USER') . ' not found');
    }
    $wpdb->delete($table, ['description' => KEY_DESCRIPTION], ['%s']);
    $consumerKey = 'ck_' . wc_rand_hash();
    $consumerSecret = 'cs_' . wc_rand_hash();
    $ok = $wpdb->insert($table, [
        'user_id' => $user->ID,
        'description' => KEY_DESCRIPTION,
        'permissions' => 'read_write',
        'consumer_key' => wc_api_hash($consumerKey),
        'consumer_secret' => $consumerSecret,
        'truncated_key' => substr($consumerKey, -7),
    ], ['%d', '%s', '%s', '%s', '%s', '%s']);
    if (!$ok) {
        WP_CLI::error('could not store the REST key: ' . $wpdb->last_error);
    }
    WP_CLI::log('REST key created');
}

$labels = json_decode(getenv('API_SECRET_LABELS') ?: '{}', true);
$secret = [
    'apiVersion' => 'v1',
    'kind' => 'Secret',
    'metadata' => ['name' => $name, 'namespace' => $namespace, 'labels' => (object) $labels],
    'type' => 'Opaque',
    'data' => [
        'url' => base64_encode(getenv('WP_URL')),
        'consumerKey' => base64_encode($consumerKey),
        'consumerSecret' => base64_encode($consumerSecret),
    ],
];
if ($status === 404) {
    [$status, $answer] = k8s('POST', $path, $secret);
    if ($status === 409) { // created meanwhile: fall through to an update
        [$status, $current] = k8s('GET', "$path/$name");
    }
}
if ($status === 200 && isset($current['metadata']['resourceVersion'])) {
    $secret['metadata']['resourceVersion'] = $current['metadata']['resourceVersion'];
    [$status, $answer] = k8s('PUT', "$path/$name", $secret);
}
if ($status !== 200 && $status !== 201) {
    WP_CLI::error("writing secret $namespace/$name: HTTP $status " . json_encode($answer ?? null));
}
WP_CLI::success("secret $namespace/$name holds the console's REST credentials");
